package org.llmrerank.rescorer.pipeline;

/** Why a search kept its first-stage order. Each has a stable key for responses and statistics. */
public enum FallbackCause {
    /** The model did not answer within the clause's timeout. */
    TIMEOUT("timeout"),
    /** The model failed (an exception, wrong output, a failed program on an inference node). */
    MODEL_ERROR("model_error"),
    /** No capacity: the node's inference queue was full, or every inference node refused the window. */
    REJECTED("rejected"),
    /** The FLOPs budget did not allow judging even one passage. */
    BUDGET("budget"),
    /** No passage of the window had text in the field: there was nothing for the model to judge. */
    NO_TEXT("no_text"),
    /** Every inference node the window was sent to failed (disconnected, killed, errored) with time still left. */
    NODE_FAILURE("node_failure");

    private final String key;

    FallbackCause(String key) {
        this.key = key;
    }

    public String key() {
        return key;
    }
}
