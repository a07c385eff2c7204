package org.llmrerank.routing.hf;

/** A Hugging Face checkpoint that cannot be used: a missing, malformed or unsafe file. Names the file. */
public final class CheckpointException extends RuntimeException {

    public CheckpointException(String message) {
        super(message);
    }

    public CheckpointException(String message, Throwable cause) {
        super(message, cause);
    }
}
