package org.llmrerank.scheduler;

import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * The work ahead of a new program: what each worker's batch is still predicted to run, plus the queued programs that
 * would be served first. Not thread-safe: the scheduler holds its lock around every call.
 */
final class Backlog {

    private final CapacityEstimator capacity;
    /** per worker's batch (its slot): when its predicted remaining work ends */
    private final Map<Object, Long> running = new IdentityHashMap<>();

    Backlog(CapacityEstimator capacity) {
        this.capacity = capacity;
    }

    /** The batch of {@code slot} is predicted to be done at {@code endNanos}. */
    void runs(Object slot, long endNanos) {
        running.put(slot, endNanos);
    }

    /** A program joined the batch of {@code slot} at {@code now}: its predicted time adds to what the batch had left. */
    void joins(Object slot, long now, long nanos) {
        running.merge(slot, now + nanos, (a, b) -> Math.max(a, now) + (b - now));
    }

    void done(Object slot) {
        running.remove(slot);
    }

    /**
     * Predicted time, per worker, until a program of {@code expected} FLOPs would start: the running remainders plus
     * the queued programs served before it (all of them under FIFO; those expected to cost no more under SJF).
     */
    long waitAheadNanos(long now, double expected, List<RerankJob> queue, SchedulerConfig c) {
        long ns = 0;
        for (long end : running.values()) {
            ns += Math.max(0, end - now);
        }
        for (RerankJob j : queue) {
            if (c.policy() == SchedulerPolicy.FIFO || j.expectedFlops <= expected) {
                ns += capacity.nanos(j.model, j.expectedFlops);
            }
        }
        return ns / Math.max(1, c.workers());
    }

    /** Predicted time until everything queued and running is done, per worker. */
    long allNanos(long now, List<RerankJob> queue, SchedulerConfig c) {
        return waitAheadNanos(now, Double.POSITIVE_INFINITY, queue, c);
    }
}
