package org.llmrerank.rest.stats;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.llmrerank.rescorer.pipeline.FallbackCause;
import org.llmrerank.rest.ApiException;
import org.llmrerank.rest.stats.RerankCounters.Labels;
import org.llmrerank.rest.stats.RerankCounters.Reranked;
import org.llmrerank.scheduler.SchedulerStats;

class StatsRenderingTest {

    private static final Labels DOCS = new Labels(List.of("docs"), "pointwise.embedding", "bge-small");

    private static NodeStats node(RerankCounters c, Map<String, ModelGauge> models) {
        return new NodeRuntimeStats(() -> CounterGroup.of(Map.of("queue_depth", 2L)), () -> models).addTo(c.snapshot());
    }

    private static RerankCounters oneRerankOneFallback() {
        RerankCounters c = new RerankCounters();
        c.setSchedulerStats(new SchedulerStats());
        c.onQuery();
        c.onReranked(DOCS, new Reranked(3, 0, 40, 2_000_000, 1e12, -1, 12.0));
        c.onQuery();
        c.onFallback(DOCS, FallbackCause.TIMEOUT, 50.0);
        return c;
    }

    @Test
    void aNodeSectionHasTheStatsApisFieldsInItsOrder() {
        Map<String, Object> m = StatsRendering.node(node(oneRerankOneFallback(), Map.of()));
        assertEquals(List.of("queries", "skipped_pages", "reranked_queries", "reranked_docs", "docs_without_text", "input_tokens",
            "model_time_ms", "flops_estimated", "flops_counted", "counted_queries", "flops_estimated_of_counted", "layers",
            "strategy_switches_under_budget", "early_stops", "fallbacks_total", "fallbacks", "judged", "scheduler", "by_index", "by_model",
            "by_strategy", "qpp_estimated", "qpp_counted", "counted_to_estimated", "latency_ms", "inference", "models"), List.copyOf(m.keySet()));
        assertEquals(2L, m.get("queries"));
        assertEquals(1L, m.get("reranked_queries"));
        assertEquals(2L, m.get("model_time_ms"));
        assertEquals(1e12, m.get("flops_estimated"));
        assertNull(m.get("flops_counted"), "nothing was counted");
        assertEquals(1L, m.get("fallbacks_total"));
        assertEquals(Map.of("timeout", 1L, "model_error", 0L, "rejected", 0L, "budget", 0L, "no_text", 0L, "node_failure", 0L),
            m.get("fallbacks"));
        assertEquals(List.of("sequences", "executed", "skipped", "repeated", "layers_per_sequence"), keys(m.get("layers")));
        assertEquals(List.of("queries", "ndcg@10_sum", "flops_estimated", "ndcg@10_mean", "rpp"), keys(m.get("judged")));
        assertEquals(List.of("count", "p50", "p90", "p99", "max"), keys(m.get("latency_ms")));
        assertEquals(2L, ((Map<?, ?>) m.get("latency_ms")).get("count"));
        assertEquals(1000.0, (double) m.get("qpp_estimated"), 1e-9);
        assertEquals(Map.of("queue_depth", 2L), m.get("inference"));
        assertTrue(((Map<?, ?>) m.get("scheduler")).containsKey("submitted"));
        Map<?, ?> slice = (Map<?, ?>) ((Map<?, ?>) m.get("by_model")).get("bge-small");
        assertEquals(1L, slice.get("reranked_queries"));
        assertTrue(slice.containsKey("latency_ms") && slice.containsKey("qpp_estimated") && !slice.containsKey("judged"),
            "a slice has the ratios of its own sums and no judged section: " + slice.keySet());
    }

    private static List<Object> keys(Object map) {
        return List.copyOf(((Map<?, ?>) map).keySet());
    }

    @Test
    void theClusterSectionSumsCountersAndModelMemoryButNoModelState() {
        RerankCounters a = oneRerankOneFallback();
        RerankCounters b = oneRerankOneFallback();
        NodeStats na = node(a, Map.of("bge-small", new ModelGauge("loaded", 100, 7L, null)));
        NodeStats nb = node(b, Map.of("bge-small", new ModelGauge("failed", 0, null, "no memory"), "other", new ModelGauge("loaded", 5, 1L, null)));
        Map<String, Object> cluster = StatsRendering.cluster(ClusterStats.of(List.of(na, nb)));
        assertEquals(4L, cluster.get("queries"));
        assertEquals(Map.of("queue_depth", 4L), cluster.get("inference"));
        Map<String, Object> models = new LinkedHashMap<>();
        models.put("bge-small", Map.of("weight_bytes", 100L));
        models.put("other", Map.of("weight_bytes", 5L));
        assertEquals(models, cluster.get("models"));
        assertEquals(List.copyOf(StatsRendering.node(na).keySet()), List.copyOf(cluster.keySet()), "the cluster section is laid out as a node's");
        Map<?, ?> nodeModel = (Map<?, ?>) ((Map<?, ?>) StatsRendering.node(nb).get("models")).get("bge-small");
        assertEquals(Map.of("state", "failed", "weight_bytes", 0L, "last_error", "no memory"), nodeModel);
        assertEquals(Map.of(), StatsRendering.cluster(ClusterStats.of(List.of())), "no node answered: an empty section");
    }

    @Test
    void theReportHasNodeCountsAClusterSectionAndOneSectionPerNode() {
        NodeStats n = node(oneRerankOneFallback(), Map.of());
        Map<String, Object> all = StatsReport.render("c1", List.of(new StatsReport.NodeEntry("n1", n)), 1, null);
        assertEquals(List.of("_nodes", "cluster_name", "cluster", "nodes"), List.copyOf(all.keySet()));
        assertEquals(Map.of("total", 2, "successful", 1, "failed", 1), all.get("_nodes"));
        assertEquals("c1", all.get("cluster_name"));
        assertEquals(1L, ((Map<?, ?>) all.get("cluster")).get("reranked_queries"));
        assertEquals(1L, ((Map<?, ?>) ((Map<?, ?>) all.get("nodes")).get("n1")).get("reranked_queries"));
        Map<String, Object> one = StatsReport.render("c1", List.of(new StatsReport.NodeEntry("n1", n)), 0, "fallbacks_total");
        assertEquals(Map.of("fallbacks_total", 1L), one.get("cluster"));
        assertEquals(Map.of("n1", Map.of("fallbacks_total", 1L)), one.get("nodes"));
    }

    @Test
    void everyTopLevelStatMayBeAskedForAndNoOther() {
        Map<String, Object> shown = StatsRendering.node(node(oneRerankOneFallback(), Map.of()));
        assertEquals(shown.keySet(), StatsReport.STATS);
        assertFalse(StatsReport.STATS.contains("latency_histogram"), "the wire form of the latencies is no stat");
        StatsReport.checkStat(null);
        StatsReport.checkStat("by_model");
        ApiException e = assertThrows(ApiException.class, () -> StatsReport.checkStat("reranked"));
        assertEquals(400, e.status());
        assertTrue(e.getMessage().startsWith("[stat] unknown stat [reranked]; expected one of ["), e.getMessage());
    }

    @Test
    void aNodesStatsSurviveTheTripBetweenNodes() {
        RerankCounters c = oneRerankOneFallback();
        c.onReranked(new Labels(List.of("a", "b"), "setwise", "m2"), new Reranked(5, 1, 9, 1, 3e12, 2.5e12, 4.0), true, true);
        c.onJudged(0.5, 1e12);
        c.onSkippedPage();
        NodeStats before = node(c, Map.of("m2", new ModelGauge("loaded", 12, 30L, null), "m3", new ModelGauge("failed", 0, null, "é".repeat(40_000))));
        NodeStats after = NodeStatsCodec.decode(NodeStatsCodec.encode(before));
        assertEquals(StatsRendering.node(before), StatsRendering.node(after));
        assertEquals(before.counters().total().latencies().summary(), after.counters().total().latencies().summary());
        NodeStats withoutScheduler = NodeRuntimeStats.none().addTo(new RerankCounters().snapshot());
        assertNull(NodeStatsCodec.decode(NodeStatsCodec.encode(withoutScheduler)).counters().scheduler());
    }

    @Test
    void bytesOfAnotherFormatAreRefused() {
        byte[] ok = NodeStatsCodec.encode(node(oneRerankOneFallback(), Map.of()));
        byte[] otherVersion = ok.clone();
        otherVersion[0] = 9;
        assertThrows(IllegalArgumentException.class, () -> NodeStatsCodec.decode(otherVersion));
        assertThrows(IllegalArgumentException.class, () -> NodeStatsCodec.decode(Arrays.copyOf(ok, ok.length / 2)));
        byte[] longer = Arrays.copyOf(ok, ok.length + 1);
        assertThrows(IllegalArgumentException.class, () -> NodeStatsCodec.decode(longer));
        IOException fromNode = assertThrows(IOException.class, () -> NodeStatsCodec.decodeFromNode("n1", otherVersion));
        assertEquals("stats of node [n1]: node stats of format version 9; this node reads version 1", fromNode.getMessage());
    }

    @Test
    void counterGroupsAddUpNameByName() {
        CounterGroup a = CounterGroup.of(Map.of("submitted", 2, "outcomes", Map.of("ok", 1L)));
        CounterGroup b = CounterGroup.of(new LinkedHashMap<>(Map.of("submitted", 3L, "outcomes", Map.of("ok", 4L, "degraded", 1L), "new", 7L)));
        CounterGroup sum = a.plus(b);
        assertEquals(5L, sum.toMap().get("submitted"));
        assertEquals(Map.of("ok", 5L, "degraded", 1L), sum.toMap().get("outcomes"));
        assertEquals(7L, sum.toMap().get("new"));
        assertThrows(IllegalArgumentException.class, () -> CounterGroup.of(Map.of("x", "text")));
        assertThrows(IllegalArgumentException.class, () -> a.plus(CounterGroup.of(Map.of("submitted", Map.of()))));
    }
}
