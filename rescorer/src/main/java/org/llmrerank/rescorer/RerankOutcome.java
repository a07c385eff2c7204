package org.llmrerank.rescorer;

/**
 * What reranking one query's window produced.
 *
 * @param order          first-stage positions in their new order (a permutation of 0..n-1)
 * @param modelScores    model score per first-stage position; NaN where the passage had no text
 * @param strategy       the strategy that ran
 * @param scoredDocs     passages the model judged
 * @param estimatedFlops FLOPs the estimator predicts for what ran
 * @param countedFlops   FLOPs the runtime counted, -1 when it cannot count
 * @param inputTokens    tokens fed to the model
 * @param modelNanos     wall time spent inside the model
 * @param layers         transformer layers executed / skipped / repeated
 * @param budget         how the FLOPs budget shaped this run
 * @param report         which method ran and why (auto's decision, early stops)
 */
public record RerankOutcome(
    int[] order,
    float[] modelScores,
    Strategy strategy,
    int scoredDocs,
    double estimatedFlops,
    double countedFlops,
    long inputTokens,
    long modelNanos,
    LayerUsage layers,
    BudgetEffect budget,
    StrategyReport report
) {

    /** This outcome with another report (a caller that decided more than the scorer knew). */
    public RerankOutcome withReport(StrategyReport r) {
        return new RerankOutcome(order, modelScores, strategy, scoredDocs, estimatedFlops, countedFlops, inputTokens, modelNanos, layers,
            budget, r);
    }

    /** This outcome with another account of the budget (a caller that cut the window before the scorer saw it). */
    public RerankOutcome withBudget(BudgetEffect b) {
        return new RerankOutcome(order, modelScores, strategy, scoredDocs, estimatedFlops, countedFlops, inputTokens, modelNanos, layers,
            b, report);
    }

    /**
     * @param passagesThatFit passages with text the budget allowed the model to judge (all of them when unlimited)
     * @param passagesWithText passages with text in the window
     * @param enforceable     false when the model cannot estimate its cost, so the budget was not applied
     */
    public record BudgetEffect(int passagesThatFit, int passagesWithText, boolean enforceable) {
        public boolean shortened() {
            return passagesThatFit < passagesWithText;
        }
    }
}
