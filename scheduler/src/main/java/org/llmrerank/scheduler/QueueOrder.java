package org.llmrerank.scheduler;

import java.util.ArrayList;
import java.util.List;

/**
 * The order programs leave the queue. {@code FIFO}: arrival order. {@code CERTAINDEX}: approximate shortest-job-first on
 * expected FLOPs (Dynasor's "remaining knob x historical average"), with Dynasor's starvation guard: a program whose
 * fairness ratio (time waited over its own predicted service time, finish-time fairness) is past
 * {@code fairnessLimit} goes first, the longest relative wait first.
 */
final class QueueOrder {

    /** Predicted service times below this count as this, so a tiny program's ratio does not explode. */
    private static final long MIN_SERVICE_NANOS = 1_000_000L;

    private final CapacityEstimator capacity;

    QueueOrder(CapacityEstimator capacity) {
        this.capacity = capacity;
    }

    /** Time {@code job} has waited, over its predicted service time. */
    double fairnessRatio(RerankJob job, long now) {
        return (now - job.arrivalNanos) / (double) Math.max(MIN_SERVICE_NANOS, capacity.nanos(job.model, job.expectedFlops));
    }

    /**
     * The program a free worker takes next from a non-empty {@code queue} (in arrival order).
     *
     * @return the program, and whether the fairness guard chose it over the shortest
     */
    Next next(List<RerankJob> queue, long now, SchedulerConfig c) {
        if (c.policy() != SchedulerPolicy.CERTAINDEX) {
            return new Next(queue.get(0), false);
        }
        RerankJob shortest = null;
        RerankJob starving = null;
        double worst = c.fairnessLimit();
        for (RerankJob j : queue) {
            if (shortest == null || j.expectedFlops < shortest.expectedFlops) {
                shortest = j; // ties: the earlier arrival (queue order)
            }
            double ratio = fairnessRatio(j, now);
            if (ratio > worst) {
                worst = ratio;
                starving = j;
            }
        }
        return starving != null ? new Next(starving, starving != shortest) : new Next(shortest, false);
    }

    /**
     * {@code queue} in the order programs join a running batch: those past the fairness limit first (longest relative
     * wait first), then shortest expected FLOPs first, ties in arrival order.
     */
    List<RerankJob> joinOrder(List<RerankJob> queue, long now, SchedulerConfig c) {
        List<RerankJob> order = new ArrayList<>(queue);
        order.sort((a, b) -> {
            double ra = fairnessRatio(a, now);
            double rb = fairnessRatio(b, now);
            boolean sa = ra > c.fairnessLimit();
            boolean sb = rb > c.fairnessLimit();
            if (sa != sb) {
                return sa ? -1 : 1;
            }
            return sa ? Double.compare(rb, ra) : Double.compare(a.expectedFlops, b.expectedFlops);
        });
        return order;
    }

    /**
     * @param job       the program to run next
     * @param escalated the fairness guard put it ahead of a shorter one
     */
    record Next(RerankJob job, boolean escalated) {}
}
