package org.llmrerank.routing.onnx;

/** The encoder could not produce embeddings: a failed ORT run, a closed encoder, a bad graph. */
public class EncoderException extends Exception {
    public EncoderException(String message) {
        super(message);
    }

    public EncoderException(String message, Throwable cause) {
        super(message, cause);
    }
}
