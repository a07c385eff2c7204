package org.llmrerank.rescorer.strategy;

import java.util.List;
import org.llmrerank.estimator.RerankMethod;
import org.llmrerank.rescorer.Strategy;

/**
 * What {@code strategy: auto} decided for one request, and why (for explain and stats).
 *
 * @param outcome        chosen at full depth, chosen on a shallower window, or no reranking
 * @param model          the model to run, null for first-stage order
 * @param method         the method to run, null for first-stage order
 * @param depth          leading first-stage passages to rerank (the rest follow in first-stage order)
 * @param docs           passages in the request
 * @param predictedFlops the budgeted prediction for what was chosen (0 for first-stage order)
 * @param budgetFlops    the budget
 * @param expectedNdcg   the table's NDCG for what was chosen (first-stage NDCG otherwise)
 * @param reason         one sentence
 * @param candidates     every (model, method) considered, with its verdict
 */
public record AutoDecision(
        Outcome outcome,
        String model,
        RerankMethod method,
        int depth,
        int docs,
        double predictedFlops,
        double budgetFlops,
        double expectedNdcg,
        String reason,
        List<CandidateAssessment> candidates) {

    public enum Outcome { CHOSEN, SHALLOWER_WINDOW, FIRST_STAGE_ORDER }

    public AutoDecision {
        candidates = List.copyOf(candidates);
    }

    /** The clause strategy to report, null for first-stage order. */
    public Strategy clauseStrategy() {
        return method == null ? null : Strategy.of(method);
    }

    public boolean reranks() {
        return outcome != Outcome.FIRST_STAGE_ORDER;
    }
}
