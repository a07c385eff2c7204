package org.llmrerank.scheduler;

import java.util.List;

/**
 * Whether a submitted program may queue. A closing scheduler and a full queue reject (with a retry-after estimate:
 * the backlog over the capacity). Under {@code CERTAINDEX}, a program that cannot even start a useful call before its
 * deadline (its top-k with the requested or the cheap model, after the work that would run before it) is answered at
 * once in first-stage order instead of queueing.
 */
final class AdmissionControl {

    private final CapacityEstimator capacity;
    private final CostModel costs;

    AdmissionControl(CapacityEstimator capacity, CostModel costs) {
        this.capacity = capacity;
        this.costs = costs;
    }

    /**
     * @param closed  the scheduler is closing
     * @param backlog the work running, for the wait ahead of {@code job}
     * @param queue   the programs waiting now, in arrival order
     */
    Verdict admit(RerankJob job, long now, SchedulerConfig c, boolean closed, Backlog backlog, List<RerankJob> queue) {
        if (closed) {
            return new Verdict.Reject(1, "the inference scheduler of this node is closing");
        }
        if (queue.size() >= c.maxQueued()) {
            long ns = backlog.allNanos(now, queue, c);
            return new Verdict.Reject(Math.max(1, (ns + 999_999_999L) / 1_000_000_000L),
                "the inference queue of this node is full [" + c.maxQueued() + "]");
        }
        if (c.policy() == SchedulerPolicy.CERTAINDEX) {
            long ahead = backlog.waitAheadNanos(now, job.expectedFlops, queue, c);
            if (now + ahead + cheapestUsefulNanos(job, c) > job.deadlineNanos) {
                return new Verdict.Degrade("over capacity: about " + ahead / 1_000_000 + " ms of work ahead, deadline in "
                    + (job.deadlineNanos - job.arrivalNanos) / 1_000_000 + " ms");
            }
        }
        return new Verdict.Queue();
    }

    /** The predicted time of the cheapest call worth making: the top-k with the requested model or the cheap one. */
    long cheapestUsefulNanos(RerankJob job, SchedulerConfig c) {
        int k = Math.min(job.texts.size(), c.topK());
        long best = (long) (capacity.nanos(job.model, job.flops(0, k)) * c.safetyFactor());
        if (c.cheapModel() != null && c.cheapModel().equals(job.model) == false) {
            double f = costs.queryFlops(c.cheapModel(), job.query);
            for (int i = 0; i < k; i++) {
                f += job.passageFlops[i] == 0 ? 0 : costs.flops(c.cheapModel(), job.texts.get(i));
            }
            best = Math.min(best, (long) (capacity.nanos(c.cheapModel(), f) * c.safetyFactor()));
        }
        return best;
    }

    sealed interface Verdict {
        record Queue() implements Verdict {}

        /** Answer at once in first-stage order, for {@code reason}. */
        record Degrade(String reason) implements Verdict {}

        record Reject(long retryAfterSeconds, String reason) implements Verdict {}
    }
}
