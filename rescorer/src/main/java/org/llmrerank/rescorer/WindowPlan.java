package org.llmrerank.rescorer;

import org.llmrerank.rescorer.strategy.AvailableModel;

/**
 * What {@link StrategyWindowReranker} runs on one window, decided by {@link WindowPlanner} before any model call and
 * carried out by {@link WindowPlanRunner}.
 */
public sealed interface WindowPlan {

    /**
     * Pointwise scores with {@code strategy}: a fixed pointwise strategy as the request named it, or {@code requested}
     * {@code auto} on a model that cannot say what else it runs (its first pointwise method).
     */
    record PointwiseAsRequested(PointwiseModel model, Strategy requested, Strategy strategy) implements WindowPlan {}

    /**
     * A pointwise method on the leading {@code decision.depth()} passages with text, which fits the budget passage by
     * passage within that depth.
     */
    record ScorePointwise(PointwiseModel scorer, StrategyDecision decision, TextWindow window) implements WindowPlan {}

    /** A sorting method (setwise, pairwise, listwise) on the leading {@code decision.depth()} passages with text. */
    record Sort(AvailableModel model, StrategyDecision decision, TextWindow window) implements WindowPlan {}

    /** Nothing runs (nothing fits the budget, or nothing is expected to beat the first stage): first-stage order. */
    record FirstStage(StrategyDecision decision, int windowSize, int passagesWithText) implements WindowPlan {}
}
