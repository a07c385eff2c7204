package org.llmrerank.rescorer;

/** The model failed to produce scores; callers keep the first-stage order and count a fallback. */
public class ModelException extends Exception {
    public ModelException(String message, Throwable cause) {
        super(message, cause);
    }

    public ModelException(String message) {
        super(message);
    }
}
