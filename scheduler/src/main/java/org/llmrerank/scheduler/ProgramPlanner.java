package org.llmrerank.scheduler;

import java.util.Arrays;
import java.util.function.LongSupplier;

/**
 * Decides what a program runs once it gets its worker, from its deadline and the predicted time of each option.
 *
 * <p>{@code FIFO} runs the whole window with the requested model, or nothing once the deadline passed while queued.
 * {@code CERTAINDEX} starts at the detect point ({@code minDepth}); a program that cannot make its deadline that way
 * degrades step by step: a shorter first step (not below top-k), then the cheap model, then first-stage order.
 */
final class ProgramPlanner {

    private final CapacityEstimator capacity;
    private final CostModel costs;

    ProgramPlanner(CapacityEstimator capacity, CostModel costs) {
        this.capacity = capacity;
        this.costs = costs;
    }

    /**
     * @param backlogNanos predicted time until the work queued and running is done, asked only when the load-adaptive
     *                     threshold is on
     */
    ProgramPlan plan(RerankJob job, long now, SchedulerConfig c, LongSupplier backlogNanos) {
        int n = job.texts.size();
        long left = job.deadlineNanos - now;
        if (c.policy() == SchedulerPolicy.FIFO) {
            return left <= 0 ? ProgramPlan.none(JobResult.Outcome.EXPIRED)
                : new ProgramPlan(job.model, n, job.queryFlops, job.passageFlops, null, job.fullFlops());
        }
        if (left <= 0 || job.cancellation.isCancelled()) {
            return ProgramPlan.none(JobResult.Outcome.DEGRADED_FIRST_STAGE);
        }
        int first = Math.min(n, c.minDepth());
        if (fits(job.model, job.flops(0, first), left, c)) {
            // load-adaptive threshold (Dynasor's budget follows the load): when the work still queued behind this program
            // could not all finish within this program's own deadline, one stable step is enough to stop (marked degraded)
            boolean relaxed = c.relaxUnderLoad() && backlogNanos.getAsLong() > left;
            return new ProgramPlan(job.model, first, job.queryFlops, job.passageFlops, null, job.expectedFlops, relaxed);
        }
        int k = Math.min(n, c.topK());
        int p = first;
        while (p > k && fits(job.model, job.flops(0, p), left, c) == false) {
            p--;
        }
        if (fits(job.model, job.flops(0, p), left, c)) {
            return new ProgramPlan(job.model, p, job.queryFlops, job.passageFlops, JobResult.Outcome.DEGRADED_DEPTH, job.flops(0, p));
        }
        String cheap = c.cheapModel();
        if (cheap != null && cheap.equals(job.model) == false) {
            double qf = costs.queryFlops(cheap, job.query);
            double[] pf = new double[n];
            for (int i = 0; i < n; i++) {
                pf[i] = job.passageFlops[i] == 0 ? 0 : costs.flops(cheap, job.texts.get(i));
            }
            for (int q = first; q >= k; q--) {
                double f = qf + Arrays.stream(pf, 0, q).sum();
                if (fits(cheap, f, left, c)) {
                    return new ProgramPlan(cheap, q, qf, pf, JobResult.Outcome.DEGRADED_MODEL, f);
                }
            }
        }
        return ProgramPlan.none(JobResult.Outcome.DEGRADED_FIRST_STAGE);
    }

    /** Whether {@code flops} on {@code model}, times the safety factor, are predicted to take at most {@code leftNanos}. */
    boolean fits(String model, double flops, long leftNanos, SchedulerConfig c) {
        return capacity.nanos(model, flops) * c.safetyFactor() <= leftNanos;
    }
}
