package org.llmrerank.rest.stats;

/** The judged queries of evaluations (_eval): their NDCG@10 and the FLOPs their reranks cost, summed. */
public record JudgedStats(long queries, double ndcgAt10Sum, double flopsEstimated) {

    public static final JudgedStats NONE = new JudgedStats(0, 0.0, 0.0);

    public JudgedStats plus(JudgedStats o) {
        return new JudgedStats(queries + o.queries, ndcgAt10Sum + o.ndcgAt10Sum, flopsEstimated + o.flopsEstimated);
    }

    /** Null before the first judged query. */
    public Double ndcgAt10Mean() {
        return queries > 0 ? ndcgAt10Sum / queries : null;
    }

    /**
     * RPP = mean NDCG@10 / mean PFLOPs per query = NDCG sum / PFLOPs sum over the judged queries (E2R-FLOPs, RPP and
     * QPP); null while nothing was spent.
     */
    public Double rpp() {
        return flopsEstimated > 0 ? ndcgAt10Sum / (flopsEstimated / 1e15) : null;
    }
}
