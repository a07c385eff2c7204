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

    /**
     * A pointwise method that {@code decision} chose and that scored {@code scored} passages: the depth is what the
     * budget let it score, one call for the query and one per passage, the model's own scores.
     */
    public static StrategyReport scored(StrategyDecision decision, int scored) {
        return new StrategyReport(decision.model(), decision.requested().clauseName(), decision.method().methodName(),
            decision.autoOutcome(), decision.reason(), scored, decision.predictedFlops(), scored + 1L, false, "", false);
    }

    /** A sorting method that ran as {@code decision} planned: its calls and early stop, rank-derived scores. */
    public static StrategyReport sorted(StrategyDecision decision, long calls, boolean earlyStopped, String earlyStopReason) {
        return new StrategyReport(decision.model(), decision.requested().clauseName(), decision.method().methodName(),
            decision.autoOutcome(), decision.reason(), decision.depth(), decision.predictedFlops(), calls, earlyStopped, earlyStopReason,
            true);
    }

    /** Nothing ran: first-stage order, for the decision's reason. */
    public static StrategyReport nothingRan(StrategyDecision decision) {
        return new StrategyReport(null, decision.requested().clauseName(), null, decision.autoOutcome(), decision.reason(), 0, 0, 0,
            false, "", false);
    }

    /** This report for a run that stopped early, at {@code depth}, for {@code why}; {@code reason} replaces the reason. */
    public StrategyReport stoppedEarly(String reason, int depth, String why) {
        return new StrategyReport(model, requested, ran, autoOutcome, reason, depth, predictedFlops, calls, true, why, rankScores);
    }

    /** Whether {@code auto} chose something other than the full window (a switch under the budget). */
    public boolean switchedUnderBudget() {
        return autoOutcome != null && !"chosen".equals(autoOutcome);
    }
}
