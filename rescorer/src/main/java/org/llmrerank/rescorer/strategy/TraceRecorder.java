package org.llmrerank.rescorer.strategy;

import java.util.ArrayList;
import java.util.List;

/** Accumulates one strategy run's calls; not thread-safe (one recorder per run). */
public final class TraceRecorder {

    private final String strategy;
    private final String model;
    private final List<CallRecord> log = new ArrayList<>();
    private long calls;
    private CallCost total = CallCost.NONE;
    private double minCertainty = Double.NaN;
    private double certaintySum;
    private int certainties;
    private String earlyStopReason = "";

    public TraceRecorder(String strategy, String model) {
        this.strategy = strategy;
        this.model = model;
    }

    /** Records one call covering {@code estimatorCalls} calls of the estimator's unit. */
    public void record(int[] passages, CallCost cost, double certainty, int estimatorCalls) {
        log.add(new CallRecord(log.size(), passages, cost, certainty, estimatorCalls));
        calls += estimatorCalls;
        total = total.plus(cost);
        if (!Double.isNaN(certainty)) {
            minCertainty = Double.isNaN(minCertainty) ? certainty : Math.min(minCertainty, certainty);
            certaintySum += certainty;
            certainties++;
        }
    }

    public void earlyStop(String reason) {
        earlyStopReason = reason;
    }

    public long calls() {
        return calls;
    }

    public StrategyTrace finish() {
        return new StrategyTrace(strategy, model, calls, total.prompts(), total.promptTokens(), total.outputTokens(),
                total.estimatedFlops(), total.countedFlops(), !earlyStopReason.isEmpty(), earlyStopReason,
                minCertainty, certainties == 0 ? Double.NaN : certaintySum / certainties, log);
    }
}
