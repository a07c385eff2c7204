package org.llmrerank.rescorer.strategy;

import org.llmrerank.estimator.RerankMethod;

/**
 * How auto judged one (model, method) pair: explain output lists every one.
 *
 * @param expectedFlops   predicted FLOPs at the expected call count, full depth
 * @param worstCaseFlops  predicted FLOPs at the maximum call count, full depth
 * @param budgetedFlops   the one of the two that {@link BudgetFit} compares with the budget
 * @param ndcg            expected NDCG@10, NaN when the table has none
 * @param ndcgSource      where the NDCG came from, or why it is missing
 */
public record CandidateAssessment(
        String model,
        RerankMethod method,
        double expectedFlops,
        double worstCaseFlops,
        double budgetedFlops,
        double ndcg,
        String ndcgSource,
        Verdict verdict) {

    public enum Verdict {
        CHOSEN,
        FITS_BUT_LESS_EFFECTIVE,
        OVER_BUDGET,
        NO_EFFECTIVENESS_FIGURE,
        NOT_BETTER_THAN_FIRST_STAGE,
        CANNOT_RUN
    }

    CandidateAssessment withVerdict(Verdict v) {
        return new CandidateAssessment(model, method, expectedFlops, worstCaseFlops, budgetedFlops, ndcg, ndcgSource, v);
    }

    boolean worthRunning() {
        return verdict != Verdict.CANNOT_RUN && verdict != Verdict.NO_EFFECTIVENESS_FIGURE
                && verdict != Verdict.NOT_BETTER_THAN_FIRST_STAGE;
    }
}
