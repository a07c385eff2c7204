package org.llmrerank.routing.onnx;

/** The call was stopped through its {@link org.llmrerank.routing.Cancellation}; no partial result. */
public final class EncoderCancelledException extends EncoderException {
    public EncoderCancelledException(String message) {
        super(message);
    }

    public EncoderCancelledException(String message, Throwable cause) {
        super(message, cause);
    }
}
