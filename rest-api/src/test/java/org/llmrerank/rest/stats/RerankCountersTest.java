package org.llmrerank.rest.stats;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.ToLongFunction;
import org.junit.jupiter.api.Test;
import org.llmrerank.rescorer.LayerUsage;
import org.llmrerank.rescorer.pipeline.FallbackCause;
import org.llmrerank.rest.stats.Latencies.LatencySummary;
import org.llmrerank.rest.stats.RerankCounters.Labels;
import org.llmrerank.rest.stats.RerankCounters.Reranked;
import org.llmrerank.routing.runtime.LayerPath;

class RerankCountersTest {

    private static final Labels DOCS = new Labels(List.of("docs"), "pointwise.embedding", "bge-small");

    @Test
    void concurrentUpdatesLoseNothing() throws Exception {
        RerankCounters c = new RerankCounters();
        int threads = 8;
        int perThread = 20_000;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        for (int t = 0; t < threads; t++) {
            int id = t;
            pool.submit(() -> {
                Labels labels = new Labels(List.of("idx" + (id % 2)), "pointwise.embedding", "m" + (id % 4));
                for (int i = 0; i < perThread; i++) {
                    c.onQuery();
                    c.onReranked(labels, new Reranked(3, 1, 7, 11, 2.0, -1, 5.0));
                    c.onFallback(labels, FallbackCause.TIMEOUT, 30.0);
                }
            });
        }
        pool.shutdown();
        assertTrue(pool.awaitTermination(10, TimeUnit.MINUTES));
        long n = (long) threads * perThread;
        RerankStats s = c.snapshot();
        assertEquals(n, s.queries());
        SliceStats total = s.total();
        assertEquals(n, total.rerankedQueries());
        assertEquals(3 * n, total.rerankedDocs());
        assertEquals(n, total.docsWithoutText());
        assertEquals(7 * n, total.inputTokens());
        assertEquals(2.0 * n, total.flopsEstimated(), 1e-6);
        assertNull(total.flopsCountedOrNull(), "nothing was counted");
        assertEquals(n, c.fallbacks(FallbackCause.TIMEOUT));
        assertEquals(n, total.fallbacksTotal());
        assertEquals(2 * n, total.latencies().count(), "every rerank and every fallback is timed");
        // every slice of a breakdown adds up to the total
        assertEquals(n, sumOf(s.byIndex(), SliceStats::rerankedQueries));
        assertEquals(n, sumOf(s.byModel(), SliceStats::rerankedQueries));
        assertEquals(n, sumOf(s.byStrategy(), SliceStats::fallbacksTotal));
        assertEquals(4, s.byModel().size());
    }

    private static long sumOf(Map<String, SliceStats> breakdown, ToLongFunction<SliceStats> figure) {
        return breakdown.values().stream().mapToLong(figure).sum();
    }

    private static NodeStats node(RerankCounters c) {
        return NodeRuntimeStats.none().addTo(c.snapshot());
    }

    @Test
    void clusterFiguresAreRatiosOfSumsAndPercentilesOfMergedHistograms() {
        RerankCounters a = new RerankCounters();
        a.onReranked(DOCS, new Reranked(10, 0, 100, 1, 1e12, -1, 10));
        a.onReranked(DOCS, new Reranked(10, 0, 100, 1, 3e12, 2e12, 10));
        SliceStats sa = a.snapshot().total();
        // 2 queries / 4e12 FLOPs = 2 / 0.004 PF = 500 queries per PetaFLOP
        assertEquals(500.0, sa.qppEstimated(), 1e-9);
        assertEquals(2e12, sa.flopsCountedOrNull(), 1e-3);

        RerankCounters b = new RerankCounters();
        for (int i = 0; i < 8; i++) {
            b.onReranked(new Labels(List.of("other"), "pointwise.embedding", "bge-small"), new Reranked(10, 0, 100, 1, 1e12, -1, 1000));
        }
        RerankStats merged = ClusterStats.of(List.of(node(a), node(b))).counters();
        assertEquals(10L, merged.total().rerankedQueries());
        assertEquals(12e12, merged.total().flopsEstimated(), 1e-3);
        // 10 queries / 0.012 PF = 833.3; the mean of the node QPPs (500 and 1000) would say 750
        assertEquals(10 / 0.012, merged.total().qppEstimated(), 1e-9);
        SliceStats docs = merged.byIndex().get("docs");
        assertEquals(2L, docs.rerankedQueries());
        assertEquals(500.0, docs.qppEstimated(), 1e-9);
        // 2 samples at 10 ms, 8 at 1000 ms: the merged p50 is 1000 ms (the mean of node p50s would be about 505)
        LatencySummary model = merged.byModel().get("bge-small").latencies().summary();
        assertEquals(1000.0, model.p50(), 1000 * 1e-3);
        LatencySummary all = merged.total().latencies().summary();
        assertEquals(1000.0, all.p90(), 1000 * 1e-3);
        assertEquals(10L, all.count());
        assertEquals(1000.0, all.max(), 1000 * 1e-3);
        assertEquals(2e12, merged.total().flopsCountedOrNull(), 1e-3, "a node that counted nothing adds nothing");
        // RPP of judged queries: ratio of means, merged as sums
        a.onJudged(0.6, 1e12);
        b.onJudged(0.8, 3e12);
        JudgedStats judged = ClusterStats.of(List.of(node(a), node(b))).counters().judged();
        assertEquals(0.7, judged.ndcgAt10Mean(), 1e-12);
        assertEquals(0.7 / 0.002, judged.rpp(), 1e-9);
        a.reset();
        assertEquals(0L, a.snapshot().total().rerankedQueries());
        assertTrue(a.snapshot().byIndex().isEmpty());
    }

    @Test
    void countedFlopsAreComparedWithTheEstimateOfTheSameQueriesAndLayersAreSummedPerSequence() {
        RerankCounters a = new RerankCounters();
        // an ONNX Runtime query (cannot count) and a routed one: 3 sequences, path [0,1,1] of a 4-layer model
        a.onReranked(DOCS, new Reranked(2, 0, 50, 1, 5e12, -1, 10, LayerUsage.fullDepth(4, 3)));
        a.onReranked(DOCS, new Reranked(2, 0, 50, 1, 2e12, 2.1e12, 10, LayerUsage.of(new LayerPath(List.of(0, 1, 1)), 4, 3)));
        RerankCounters b = new RerankCounters();
        b.onReranked(DOCS, new Reranked(2, 0, 50, 1, 1e12, 0.9e12, 10, LayerUsage.fullDepth(4, 3)));
        SliceStats m = ClusterStats.of(List.of(node(a), node(b))).counters().total();
        // counted 3.0e12 over the two counting queries, whose estimates sum to 3.0e12; the uncounted 5e12 is left out
        assertEquals(1.0, m.countedToEstimated(), 1e-12);
        assertEquals(2 / 0.003, m.qppCounted(), 1e-9);
        LayerStats layers = m.layers();
        assertEquals(9L, layers.sequences());
        assertEquals(12L + 9L + 12L, layers.executed());
        assertEquals(6L, layers.skipped(), "layers 2 and 3 skipped by each of 3 sequences");
        assertEquals(3L, layers.repeated());
        assertEquals(33.0 / 9, layers.executedPerSequence(), 1e-12);
        assertEquals(6.0 / 9, layers.skippedPerSequence(), 1e-12);
    }

    @Test
    void percentilesAndMaximumAreWithinATenthOfAPercentOfRecordedLatenciesMergedAcrossNodes() {
        // the slowest search bounds every figure: a bucket bound past it (35,032 ms reported for a 30,505 ms maximum) is wrong
        Random r = new Random(3);
        List<Double> all = new ArrayList<>();
        List<NodeStats> nodes = new ArrayList<>();
        for (int node = 0; node < 3; node++) {
            RerankCounters c = new RerankCounters();
            for (int i = 0; i < 2_000; i++) {
                double ms = Math.exp(r.nextDouble() * 12) * 0.3;
                all.add(ms);
                c.onFallback(DOCS, FallbackCause.TIMEOUT, ms);
            }
            // each node's stats make the trip to the node that merges them
            nodes.add(NodeStatsCodec.decode(NodeStatsCodec.encode(node(c))));
        }
        Collections.sort(all);
        LatencySummary latency = ClusterStats.of(nodes).counters().total().latencies().summary();
        assertEquals((long) all.size(), latency.count());
        for (int p : new int[] {50, 90, 99}) {
            // HdrHistogram's percentile: the value at rank ceil(p% of n), reported at its bucket's highest equivalent value
            double exact = all.get((int) Math.ceil(p / 100.0 * all.size()) - 1);
            Double reported = p == 50 ? latency.p50() : p == 90 ? latency.p90() : latency.p99();
            assertEquals(exact, reported, exact * 1e-3 + 1e-3, "p" + p);
        }
        double max = all.get(all.size() - 1);
        assertEquals(max, latency.max(), max * 1e-3 + 1e-3);
    }
}
