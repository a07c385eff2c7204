package org.llmrerank.routing.runtime;

/** An ONNX file that is not well-formed protobuf, or lacks what a BERT weight mapping needs. */
public final class OnnxFormatException extends RuntimeException {

    public OnnxFormatException(String message) {
        super(message);
    }
}
