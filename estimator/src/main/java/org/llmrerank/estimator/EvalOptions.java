package org.llmrerank.estimator;

/**
 * Cutoffs and conventions of an evaluation.
 *
 * @param ndcgCut        NDCG@k
 * @param rrCut          MRR@k
 * @param recallCut      recall@k
 * @param relevanceLevel grade >= this is relevant for MRR, MAP and recall (trec_eval -l; 2 for TREC DL)
 * @param complete       trec_eval -c: judged queries missing from the run count as 0 in the means
 */
public record EvalOptions(int ndcgCut, int rrCut, int recallCut, int relevanceLevel, boolean complete) {

    /** TREC DL conventions: {@code trec_eval -c -l 2}, NDCG@10, MRR@10, recall@100. */
    public static EvalOptions trecDl() {
        return new EvalOptions(10, 10, 100, 2, true);
    }

    public EvalOptions withComplete(boolean c) {
        return new EvalOptions(ndcgCut, rrCut, recallCut, relevanceLevel, c);
    }
}
