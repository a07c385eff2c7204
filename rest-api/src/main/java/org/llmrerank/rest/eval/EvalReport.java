package org.llmrerank.rest.eval;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.ToDoubleFunction;
import org.llmrerank.estimator.Efficiency;
import org.llmrerank.rest.eval.JudgedQuery.QueryMetrics;

/**
 * The evaluation report: means over queries of the first stage's and the rerank's metrics, PFLOPs per query, RPP and
 * QPP as ratios of means (E2R-FLOPs: ranking metric per PetaFLOP, queries per PetaFLOP), fallbacks, and the per-query
 * figures.
 */
public final class EvalReport {

    private EvalReport() {}

    /** @param perQuery at least one */
    public static Map<String, Object> render(int k, int relevanceLevel, List<JudgedQuery> perQuery) {
        int n = perQuery.size();
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("queries", n);
        out.put("relevance_level", relevanceLevel);
        out.put("first_stage", mean(perQuery, JudgedQuery::firstStage).toMap(k));
        QueryMetrics reranked = mean(perQuery, JudgedQuery::reranked);
        out.put("reranked", reranked.toMap(k));
        double flops = perQuery.stream().mapToDouble(JudgedQuery::flopsEstimated).sum() / n;
        boolean allCounted = perQuery.stream().allMatch(q -> q.flopsCounted() != null);
        out.put("pflops_per_query_estimated", flops / 1e15);
        out.put("pflops_per_query_counted", allCounted
            ? perQuery.stream().mapToDouble(JudgedQuery::flopsCounted).sum() / n / 1e15 : null);
        out.put("rpp", flops > 0 ? Efficiency.rpp(reranked.ndcg(), flops) : null);
        out.put("qpp", flops > 0 ? Efficiency.qpp(flops) : null);
        // a skipped page (size 0, or from past the window) is no fallback: the rerank had nothing to change
        out.put("fallbacks", perQuery.stream().filter(q -> "fallback".equals(q.status())).count());
        out.put("skipped", perQuery.stream().filter(q -> "skipped".equals(q.status())).count());
        List<Map<String, Object>> rows = new ArrayList<>();
        perQuery.forEach(q -> rows.add(q.toMap(k)));
        out.put("per_query", rows);
        return out;
    }

    /** Each metric's mean, summed in query order. */
    private static QueryMetrics mean(List<JudgedQuery> perQuery, Function<JudgedQuery, QueryMetrics> which) {
        return new QueryMetrics(meanOf(perQuery, q -> which.apply(q).ndcg()), meanOf(perQuery, q -> which.apply(q).mrr()),
            meanOf(perQuery, q -> which.apply(q).map()));
    }

    private static double meanOf(List<JudgedQuery> perQuery, ToDoubleFunction<JudgedQuery> metric) {
        double sum = 0;
        for (JudgedQuery q : perQuery) {
            sum += metric.applyAsDouble(q);
        }
        return sum / perQuery.size();
    }
}
