package org.llmrerank.scheduler.placement;

import org.llmrerank.scheduler.JobResult;

/**
 * What an inference node answers for one program: its result, or a rejection with a retry-after estimate, and in both
 * cases the node's load, which the coordinator uses to choose the next node.
 *
 * @param result         null when the node's scheduler rejected the program
 * @param backlogNanos   the node's queued work, in its own predicted time
 * @param flopsPerSecond the node's capacity
 */
public record NodeAnswer(JobResult result, long retryAfterSeconds, String rejection, long backlogNanos, double flopsPerSecond) {

    public static NodeAnswer rejected(long retryAfterSeconds, String rejection, long backlogNanos, double flopsPerSecond) {
        return new NodeAnswer(null, retryAfterSeconds, rejection, backlogNanos, flopsPerSecond);
    }

    public boolean isRejected() {
        return result == null;
    }
}
