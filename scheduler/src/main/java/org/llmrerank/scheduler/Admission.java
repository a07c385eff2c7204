package org.llmrerank.scheduler;

/**
 * Answer of {@link InferenceScheduler#submit}: queued, answered at once in first-stage order because the node cannot
 * make the deadline (degraded), or rejected because the bounded queue is full (with a retry-after estimate).
 */
public sealed interface Admission {

    record Queued(long jobId) implements Admission {}

    /** The result was already delivered to the callback (first-stage order), nothing queued. */
    record Degraded(long jobId, String reason) implements Admission {}

    /**
     * @param retryAfterSeconds estimated time until the backlog ahead has drained, at least 1
     */
    record Rejected(long retryAfterSeconds, String reason) implements Admission {}
}
