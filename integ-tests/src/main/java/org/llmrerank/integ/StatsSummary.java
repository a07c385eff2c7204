package org.llmrerank.integ;

import java.util.Locale;
import java.util.Map;

/** What the main job prints from the plugin's stats ({@code GET _plugins/_llm_rerank/stats}) and {@code _eval} answers. */
final class StatsSummary {

    private StatsSummary() {}

    /** The cluster section after the measured searches (the stats were reset after the warm-up query). */
    static String ofSearches(Map<String, Object> cluster) {
        return ofSearches("/_plugins/_llm_rerank/stats", cluster);
    }

    /** @param path where the stats came from, as the engine serves them */
    @SuppressWarnings("unchecked")
    static String ofSearches(String path, Map<String, Object> cluster) {
        Map<String, Object> layers = (Map<String, Object>) cluster.get("layers");
        Map<String, Object> perSeq = layers == null ? Map.of() : (Map<String, Object>) layers.get("layers_per_sequence");
        Map<String, Object> latency = (Map<String, Object>) cluster.get("latency_ms");
        Map<String, Object> inference = (Map<String, Object>) cluster.get("inference");
        return String.format(Locale.ROOT, """
            GET %s after the measured searches (cluster section)
              reranked queries:           %s (fallbacks %s)
              FLOPs estimated / counted:  %s / %s (counted / estimated over the %s counted queries: %s)
              QPP estimated / counted:    %s / %s
              layers per sequence:        executed %s, skipped %s, repeated %s
              latency p50 / p90 / p99:    %s / %s / %s ms
              inference executor:         queue depth %s, rejected %s""",
            path.substring(1), cluster.get("reranked_queries"), cluster.get("fallbacks_total"), cluster.get("flops_estimated"), cluster.get("flops_counted"),
            cluster.get("counted_queries"), cluster.get("counted_to_estimated"), cluster.get("qpp_estimated"), cluster.get("qpp_counted"),
            perSeq.get("executed"), perSeq.get("skipped"), perSeq.get("repeated"),
            latency == null ? null : latency.get("p50"), latency == null ? null : latency.get("p90"), latency == null ? null : latency.get("p99"),
            inference == null ? null : inference.get("queue_depth"), inference == null ? null : inference.get("rejected"));
    }

    /** The _eval answer and the judged section it recorded into the stats. */
    static String ofEval(Map<String, Object> eval, Map<String, Object> cluster) {
        return ofEval("/_plugins/_llm_rerank/_eval", eval, cluster);
    }

    /** @param path where the answer came from, as the engine serves it */
    @SuppressWarnings("unchecked")
    static String ofEval(String path, Map<String, Object> eval, Map<String, Object> cluster) {
        Map<String, Object> first = (Map<String, Object>) eval.get("first_stage");
        Map<String, Object> reranked = (Map<String, Object>) eval.get("reranked");
        String judged = cluster.get("judged") instanceof Map<?, ?> j
            ? String.format(Locale.ROOT, "queries %s, RPP %s", j.get("queries"), j.get("rpp")) : "not available (no stats served)";
        return String.format(Locale.ROOT, """
            POST %s over the same queries
              queries %s, fallbacks %s; NDCG@10 %s -> %s, MRR@10 %s -> %s, MAP %s -> %s
              PFLOPs/query estimated %s, counted %s; RPP %s, QPP %s
              stats judged section afterwards: %s""",
            path.substring(1), eval.get("queries"), eval.get("fallbacks"), first.get("ndcg@10"), reranked.get("ndcg@10"), first.get("mrr@10"),
            reranked.get("mrr@10"), first.get("map"), reranked.get("map"), eval.get("pflops_per_query_estimated"),
            eval.get("pflops_per_query_counted"), eval.get("rpp"), eval.get("qpp"), judged);
    }
}
