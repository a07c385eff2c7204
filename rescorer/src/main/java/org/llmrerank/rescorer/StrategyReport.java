package org.llmrerank.rescorer;

/**
 * What ran for one query and why, for the response's {@code ext}, explain and the stats.
 *
 * @param model          the model that ran (auto may choose among several); null when nothing ran
 * @param requested      the strategy the request asked for ({@code auto}, or a fixed one)
 * @param ran            the method that ran, e.g. {@code setwise.heapsort}; null when nothing ran
 * @param autoOutcome    for {@code auto}: chosen, shallower_window or first_stage_order; null for a fixed strategy
 * @param reason         one sentence: why this method and depth
 * @param depth          leading passages (with text) the method reranked; the rest keep first-stage order
 * @param predictedFlops the estimator's (budget-fitting) prediction for what ran, before running it
 * @param calls          model calls in the estimator's unit
 * @param earlyStopped   whether a sort stopped once the top-k were placed
 * @param earlyStopReason why it stopped early, empty otherwise
 * @param rankScores     true when hit scores are rank-derived (setwise, pairwise and listwise produce an order, not scores)
 */
public record StrategyReport(String model, String requested, String ran, String autoOutcome, String reason, int depth, double predictedFlops,
                             long calls, boolean earlyStopped, String earlyStopReason, boolean rankScores) {

    /** A fixed pointwise strategy: nothing to decide, scores are the model's. */
    public static StrategyReport pointwise(String model, Strategy strategy, int scored) {
        return new StrategyReport(model, strategy.clauseName(), strategy.clauseName(), null, "pointwise as requested", scored, Double.NaN,
            scored, false, "", false);
    }

    /** Whether {@code auto} chose something other than the full window (a switch under the budget). */
    public boolean switchedUnderBudget() {
        return autoOutcome != null && !"chosen".equals(autoOutcome);
    }
}
