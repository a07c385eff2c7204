package org.llmrerank.estimator;

import java.util.List;
import java.util.function.ToDoubleFunction;

/** Per-query measures and their arithmetic means over the evaluated queries (trec_eval's "all"). */
public record EvalReport(EvalOptions options, List<QueryScores> perQuery) {

    public EvalReport {
        perQuery = List.copyOf(perQuery);
    }

    public int queries() {
        return perQuery.size();
    }

    public double ndcg() {
        return mean(QueryScores::ndcg);
    }

    public double mrr() {
        return mean(QueryScores::reciprocalRank);
    }

    public double map() {
        return mean(QueryScores::averagePrecision);
    }

    public double recall() {
        return mean(QueryScores::recall);
    }

    private double mean(ToDoubleFunction<QueryScores> f) {
        return perQuery.stream().mapToDouble(f).average().orElse(0);
    }
}
