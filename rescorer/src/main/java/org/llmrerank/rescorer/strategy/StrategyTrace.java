package org.llmrerank.rescorer.strategy;

import java.util.List;

/**
 * Everything a strategy run spent and decided, per strategy: the numbers stats and explain report.
 *
 * @param strategy         method name, e.g. {@code setwise.heapsort}
 * @param model            model name
 * @param calls            model calls in the estimator's unit ({@link org.llmrerank.estimator.CallCounts})
 * @param prompts          prompts actually run (a pairwise call runs two)
 * @param promptTokens     prompt tokens over all calls
 * @param outputTokens     output tokens over all calls
 * @param estimatedFlops   estimator FLOPs over all calls
 * @param countedFlops     runtime-counted FLOPs over all calls, -1 if any call could not count
 * @param earlyStopped     whether the run stopped before a full sort because the top-k were placed
 *                         (or, for listwise with stabilisation on, because the top-k stopped changing)
 * @param earlyStopReason  why, empty when it did not stop early
 * @param minCertainty     the least certain judgement, NaN when no call reported a certainty
 * @param meanCertainty    mean over the calls that reported one, NaN when none did
 * @param callLog          every call, in order
 */
public record StrategyTrace(
        String strategy,
        String model,
        long calls,
        long prompts,
        long promptTokens,
        long outputTokens,
        double estimatedFlops,
        double countedFlops,
        boolean earlyStopped,
        String earlyStopReason,
        double minCertainty,
        double meanCertainty,
        List<CallRecord> callLog) {

    public StrategyTrace {
        callLog = List.copyOf(callLog);
    }

    public boolean flopsCounted() {
        return countedFlops >= 0;
    }
}
