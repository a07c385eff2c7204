package org.llmrerank.rest.stats;

import java.util.LinkedHashMap;
import java.util.Map;
import org.llmrerank.rescorer.pipeline.FallbackCause;
import org.llmrerank.rest.stats.Latencies.LatencySummary;

/**
 * The stats as users read them: field names and nesting of the stats API's node and cluster sections. Sums first,
 * then the breakdowns, then the ratios computed from the sums, then the serving gauges.
 */
public final class StatsRendering {

    private StatsRendering() {}

    public static Map<String, Object> node(NodeStats node) {
        Map<String, Object> m = counters(node.counters());
        m.put("inference", node.inference().toMap());
        Map<String, Object> models = new LinkedHashMap<>();
        node.models().forEach((name, g) -> models.put(name, model(g)));
        m.put("models", models);
        return m;
    }

    /** Empty when no node answered. */
    public static Map<String, Object> cluster(ClusterStats cluster) {
        if (cluster.isEmpty()) {
            return new LinkedHashMap<>();
        }
        Map<String, Object> m = counters(cluster.counters());
        m.put("inference", cluster.inference().toMap());
        Map<String, Object> models = new LinkedHashMap<>();
        cluster.modelWeightBytes().forEach((name, bytes) -> {
            Map<String, Object> one = new LinkedHashMap<>();
            one.put("weight_bytes", bytes);
            models.put(name, one);
        });
        m.put("models", models);
        return m;
    }

    private static Map<String, Object> counters(RerankStats s) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("queries", s.queries());
        m.put("skipped_pages", s.skippedPages());
        m.putAll(sums(s.total()));
        m.put("judged", judged(s.judged()));
        if (s.scheduler() != null) {
            m.put("scheduler", s.scheduler().toMap());
        }
        m.put("by_index", slices(s.byIndex()));
        m.put("by_model", slices(s.byModel()));
        m.put("by_strategy", slices(s.byStrategy()));
        m.putAll(ratios(s.total()));
        return m;
    }

    private static Map<String, Object> slices(Map<String, SliceStats> slices) {
        Map<String, Object> m = new LinkedHashMap<>();
        slices.forEach((k, slice) -> {
            Map<String, Object> one = sums(slice);
            one.putAll(ratios(slice));
            m.put(k, one);
        });
        return m;
    }

    private static Map<String, Object> sums(SliceStats s) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("reranked_queries", s.rerankedQueries());
        m.put("reranked_docs", s.rerankedDocs());
        m.put("docs_without_text", s.docsWithoutText());
        m.put("input_tokens", s.inputTokens());
        m.put("model_time_ms", s.modelTimeMs());
        m.put("flops_estimated", s.flopsEstimated());
        m.put("flops_counted", s.flopsCountedOrNull());
        m.put("counted_queries", s.countedQueries());
        m.put("flops_estimated_of_counted", s.flopsEstimatedOfCounted());
        m.put("layers", layers(s.layers()));
        m.put("strategy_switches_under_budget", s.strategySwitchesUnderBudget());
        m.put("early_stops", s.earlyStops());
        m.put("fallbacks_total", s.fallbacksTotal());
        Map<String, Object> fb = new LinkedHashMap<>();
        for (FallbackCause c : FallbackCause.values()) {
            fb.put(c.key(), s.fallbacks().get(c));
        }
        m.put("fallbacks", fb);
        return m;
    }

    private static Map<String, Object> ratios(SliceStats s) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("qpp_estimated", s.qppEstimated());
        m.put("qpp_counted", s.qppCounted());
        m.put("counted_to_estimated", s.countedToEstimated());
        m.put("latency_ms", latency(s.latencies().summary()));
        return m;
    }

    private static Map<String, Object> layers(LayerStats l) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("sequences", l.sequences());
        m.put("executed", l.executed());
        m.put("skipped", l.skipped());
        m.put("repeated", l.repeated());
        Map<String, Object> per = new LinkedHashMap<>();
        per.put("executed", l.executedPerSequence());
        per.put("skipped", l.skippedPerSequence());
        per.put("repeated", l.repeatedPerSequence());
        m.put("layers_per_sequence", per);
        return m;
    }

    private static Map<String, Object> latency(LatencySummary s) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("count", s.count());
        m.put("p50", s.p50());
        m.put("p90", s.p90());
        m.put("p99", s.p99());
        m.put("max", s.max());
        return m;
    }

    private static Map<String, Object> judged(JudgedStats j) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("queries", j.queries());
        m.put("ndcg@10_sum", j.ndcgAt10Sum());
        m.put("flops_estimated", j.flopsEstimated());
        m.put("ndcg@10_mean", j.ndcgAt10Mean());
        m.put("rpp", j.rpp());
        return m;
    }

    private static Map<String, Object> model(ModelGauge g) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("state", g.state());
        m.put("weight_bytes", g.weightBytes());
        if (g.loadMillis() != null) {
            m.put("load_ms", g.loadMillis());
        }
        if (g.lastError() != null) {
            m.put("last_error", g.lastError());
        }
        return m;
    }
}
