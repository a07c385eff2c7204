package org.llmrerank.rescorer;

import org.llmrerank.estimator.RerankMethod;

/**
 * What was decided for one window before anything ran; the {@link StrategyReport} adds what running it did.
 *
 * @param model          the model to run; null when nothing runs
 * @param requested      the strategy the request asked for
 * @param method         the method to run; null when nothing runs
 * @param autoOutcome    for {@code auto}: chosen, shallower_window or first_stage_order; null for a fixed strategy
 * @param reason         one sentence: why this method and depth
 * @param depth          leading passages with text to rerank
 * @param predictedFlops the budget-fitting prediction for the method at that depth; NaN when nothing was predicted
 */
public record StrategyDecision(String model, Strategy requested, RerankMethod method, String autoOutcome, String reason, int depth,
                               double predictedFlops) {

    /** Nothing runs: first-stage order, for {@code reason}. */
    public static StrategyDecision nothing(Strategy requested, String autoOutcome, String reason) {
        return new StrategyDecision(null, requested, null, autoOutcome, reason, 0, 0);
    }
}
