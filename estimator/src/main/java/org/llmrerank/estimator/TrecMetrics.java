package org.llmrerank.estimator;

/**
 * Per-query measures computed exactly as trec_eval 9.x does (usnistgov/trec_eval: m_ndcg_cut.c,
 * m_recip_rank.c, m_map.c, m_recall.c). {@code relevanceLevel} is trec_eval's {@code -l}: a grade
 * >= it counts as relevant for the binary measures (2 for TREC DL passages). NDCG ignores it and
 * uses the grade itself as gain.
 */
public final class TrecMetrics {

    private TrecMetrics() {}

    /**
     * ndcg_cut.k: DCG = Σ_{rank r ≤ k} grade/log2(r+1) over positive grades; the ideal DCG ranks
     * all judged documents of the query by grade; 0 when the query has no positive judgment.
     */
    public static double ndcgCut(QueryRelevance q, int k) {
        requireCutoff(k);
        double dcg = 0;
        for (int i = 0; i < Math.min(k, q.retrieved()); i++) {
            int gain = q.gradeAt(i);
            if (gain > 0) {
                dcg += gain / log2(i + 2);
            }
        }
        double ideal = 0;
        for (int position = 0; position < k && q.idealGradeAt(position) > 0; position++) {
            ideal += q.idealGradeAt(position) / log2(position + 2);
        }
        return ideal > 0 ? dcg / ideal : dcg;
    }

    /** Reciprocal rank of the first relevant document within the top k (MRR@k; trec_eval's recip_rank has no cut). */
    public static double reciprocalRank(QueryRelevance q, int k, int relevanceLevel) {
        requireCutoff(k);
        for (int i = 0; i < Math.min(k, q.retrieved()); i++) {
            if (q.gradeAt(i) >= relevanceLevel) {
                return 1.0 / (i + 1);
            }
        }
        return 0;
    }

    /** map: mean of precision at each relevant retrieved document, divided by all relevant documents. */
    public static double averagePrecision(QueryRelevance q, int relevanceLevel) {
        int relevant = q.relevant(relevanceLevel);
        if (relevant == 0) {
            return 0;
        }
        double sum = 0;
        int found = 0;
        for (int i = 0; i < q.retrieved(); i++) {
            if (q.gradeAt(i) >= relevanceLevel) {
                found++;
                sum += (double) found / (i + 1);
            }
        }
        return sum / relevant;
    }

    /** recall_k: relevant documents in the top k over all relevant documents. */
    public static double recall(QueryRelevance q, int k, int relevanceLevel) {
        requireCutoff(k);
        int relevant = q.relevant(relevanceLevel);
        if (relevant == 0) {
            return 0;
        }
        int found = 0;
        for (int i = 0; i < Math.min(k, q.retrieved()); i++) {
            if (q.gradeAt(i) >= relevanceLevel) {
                found++;
            }
        }
        return (double) found / relevant;
    }

    private static double log2(double x) {
        return Math.log(x) / Math.log(2);
    }

    private static void requireCutoff(int k) {
        if (k < 1) {
            throw new IllegalArgumentException("cutoff must be >= 1, got " + k);
        }
    }
}
