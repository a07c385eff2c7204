package org.llmrerank.scheduler;

import java.util.List;
import java.util.function.Consumer;
import org.llmrerank.routing.Cancellation;

/**
 * What a program is predicted to cost, known at submission: each pass's FLOPs from the {@link CostModel}, and the
 * FLOPs it is expected to spend, the shortest-job-first key. Under {@code CERTAINDEX} a program is expected to judge the
 * historical mean share of its window (an exponentially weighted mean over programs that ran their own course), so the
 * key follows what certain queries actually stop at.
 */
final class ProgramCosts {

    private final CostModel costs;
    private volatile double meanDepthFraction = 0.8;

    ProgramCosts(CostModel costs) {
        this.costs = costs;
    }

    /** A program with its predicted costs; {@code texts} null where a hit has no text. */
    RerankJob job(long id, String model, String query, List<String> texts, long now, long timeoutNanos, Cancellation cancellation,
                  Consumer<JobResult> callback, SchedulerPolicy policy) {
        double qf = costs.queryFlops(model, query);
        double[] pf = new double[texts.size()];
        double passages = 0;
        for (int i = 0; i < pf.length; i++) {
            String t = texts.get(i);
            pf[i] = t == null || t.isBlank() ? 0 : costs.flops(model, t);
            passages += pf[i];
        }
        double expected = qf + (policy == SchedulerPolicy.CERTAINDEX ? meanDepthFraction : 1.0) * passages;
        return new RerankJob(id, model, query, List.copyOf(nullSafe(texts)), now, now + timeoutNanos, cancellation, callback, qf, pf, expected);
    }

    private static List<String> nullSafe(List<String> texts) {
        // List.copyOf refuses nulls: keep "no text" as an empty string
        return texts.stream().map(t -> t == null ? "" : t).toList();
    }

    /**
     * A program finished: under {@code CERTAINDEX}, one that ran its own course (complete or stopped certain, neither
     * degraded nor marked by its plan) moves the mean judged share of the window.
     */
    void finished(ProgramRun p, SchedulerConfig c) {
        JobResult.Outcome o = p.result().outcome();
        if (c.policy() == SchedulerPolicy.CERTAINDEX && p.plan.mark() == null && p.job.texts.isEmpty() == false
            && (o == JobResult.Outcome.COMPLETE || o == JobResult.Outcome.STOPPED_CERTAIN)) {
            meanDepthFraction = 0.9 * meanDepthFraction + 0.1 * p.depthFraction();
        }
    }

    double meanDepthFraction() {
        return meanDepthFraction;
    }
}
