package org.llmrerank.scheduler;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.llmrerank.rescorer.pipeline.FallbackCause;
import org.llmrerank.scheduler.RerankCounters.Labels;
import org.llmrerank.scheduler.RerankCounters.Reranked;

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
        assertTrue(pool.awaitTermination(1, TimeUnit.MINUTES));
        long n = (long) threads * perThread;
        Map<String, Object> s = c.snapshot();
        assertEquals(n, s.get("queries"));
        assertEquals(n, s.get("reranked_queries"));
        assertEquals(3 * n, s.get("reranked_docs"));
        assertEquals(n, s.get("docs_without_text"));
        assertEquals(7 * n, s.get("input_tokens"));
        assertEquals(2.0 * n, (double) s.get("flops_estimated"), 1e-6);
        assertNull(s.get("flops_counted"), "nothing was counted");
        assertEquals(n, c.fallbacks(FallbackCause.TIMEOUT));
        assertEquals(n, s.get("fallbacks_total"));
        // every slice of a breakdown adds up to the total
        assertEquals(n, sumOf(s, "by_index", "reranked_queries"));
        assertEquals(n, sumOf(s, "by_model", "reranked_queries"));
        assertEquals(n, sumOf(s, "by_strategy", "fallbacks_total"));
        assertEquals(4, ((Map<?, ?>) s.get("by_model")).size());
    }

    @SuppressWarnings("unchecked")
    private static long sumOf(Map<String, Object> s, String breakdown, String key) {
        long sum = 0;
        for (Object slice : ((Map<String, Object>) s.get(breakdown)).values()) {
            sum += ((Number) ((Map<String, Object>) slice).get(key)).longValue();
        }
        return sum;
    }

    @Test
    @SuppressWarnings("unchecked")
    void clusterFiguresAreRatiosOfSumsAndPercentilesOfMergedHistograms() {
        RerankCounters a = new RerankCounters();
        a.onReranked(DOCS, new Reranked(10, 0, 100, 1, 1e12, -1, 10));
        a.onReranked(DOCS, new Reranked(10, 0, 100, 1, 3e12, 2e12, 10));
        Map<String, Object> sa = a.snapshot();
        // 2 queries / 4e12 FLOPs = 2 / 0.004 PF = 500 queries per PetaFLOP
        assertEquals(500.0, (double) sa.get("qpp_estimated"), 1e-9);
        assertEquals(2e12, (double) sa.get("flops_counted"), 1e-3);

        RerankCounters b = new RerankCounters();
        for (int i = 0; i < 8; i++) {
            b.onReranked(new Labels(List.of("other"), "pointwise.embedding", "bge-small"), new Reranked(10, 0, 100, 1, 1e12, -1, 1000));
        }
        Map<String, Object> merged = RerankCounters.merge(List.of(sa, b.snapshot()));
        assertEquals(10L, merged.get("reranked_queries"));
        assertEquals(12e12, (double) merged.get("flops_estimated"), 1e-3);
        // 10 queries / 0.012 PF = 833.3; the mean of the node QPPs (500 and 1000) would say 750
        assertEquals(10 / 0.012, (double) merged.get("qpp_estimated"), 1e-9);
        Map<String, Object> docs = (Map<String, Object>) ((Map<String, Object>) merged.get("by_index")).get("docs");
        assertEquals(2L, docs.get("reranked_queries"));
        assertEquals(500.0, (double) docs.get("qpp_estimated"), 1e-9);
        Map<String, Object> model = (Map<String, Object>) ((Map<String, Object>) merged.get("by_model")).get("bge-small");
        // 2 samples at 10 ms, 8 at 1000 ms: the merged p50 is 1000 ms (the mean of node p50s would be about 505)
        Map<String, Object> latency = (Map<String, Object>) model.get("latency_ms");
        assertEquals(1000.0, (double) latency.get("p50"), 1000 * 1e-3);
        Map<String, Object> all = (Map<String, Object>) merged.get("latency_ms");
        assertEquals(1000.0, (double) all.get("p90"), 1000 * 1e-3);
        assertEquals(10L, all.get("count"));
        assertEquals(1000.0, (double) all.get("max"), 1000 * 1e-3);
        assertEquals(2e12, (double) merged.get("flops_counted"), 1e-3, "a node that counted nothing adds nothing");
        // RPP of judged queries: ratio of means, merged as sums
        a.onJudged(0.6, 1e12);
        b.onJudged(0.8, 3e12);
        Map<String, Object> judged = (Map<String, Object>) RerankCounters.merge(List.of(a.snapshot(), b.snapshot())).get("judged");
        assertEquals(0.7, (double) judged.get("ndcg@10_mean"), 1e-12);
        assertEquals(0.7 / 0.002, (double) judged.get("rpp"), 1e-9);
        a.reset();
        assertEquals(0L, a.snapshot().get("reranked_queries"));
        assertTrue(((Map<?, ?>) a.snapshot().get("by_index")).isEmpty());
    }

    @Test
    @SuppressWarnings("unchecked")
    void countedFlopsAreComparedWithTheEstimateOfTheSameQueriesAndLayersAreSummedPerSequence() {
        RerankCounters a = new RerankCounters();
        // an ONNX Runtime query (cannot count) and a routed one: 3 sequences, path [0,1,1] of a 4-layer model
        a.onReranked(DOCS, new Reranked(2, 0, 50, 1, 5e12, -1, 10, org.llmrerank.rescorer.LayerUsage.fullDepth(4, 3)));
        a.onReranked(DOCS, new Reranked(2, 0, 50, 1, 2e12, 2.1e12, 10,
            org.llmrerank.rescorer.LayerUsage.of(new org.llmrerank.routing.runtime.LayerPath(List.of(0, 1, 1)), 4, 3)));
        RerankCounters b = new RerankCounters();
        b.onReranked(DOCS, new Reranked(2, 0, 50, 1, 1e12, 0.9e12, 10, org.llmrerank.rescorer.LayerUsage.fullDepth(4, 3)));
        Map<String, Object> m = RerankCounters.merge(List.of(a.snapshot(), b.snapshot()));
        // counted 3.0e12 over the two counting queries, whose estimates sum to 3.0e12; the uncounted 5e12 is left out
        assertEquals(1.0, (double) m.get("counted_to_estimated"), 1e-12);
        assertEquals(2 / 0.003, (double) m.get("qpp_counted"), 1e-9);
        Map<String, Object> layers = (Map<String, Object>) m.get("layers");
        assertEquals(9L, layers.get("sequences"));
        assertEquals(12L + 9L + 12L, layers.get("executed"));
        assertEquals(6L, layers.get("skipped"), "layers 2 and 3 skipped by each of 3 sequences");
        assertEquals(3L, layers.get("repeated"));
        Map<String, Object> per = (Map<String, Object>) layers.get("layers_per_sequence");
        assertEquals(33.0 / 9, (double) per.get("executed"), 1e-12);
        assertEquals(6.0 / 9, (double) per.get("skipped"), 1e-12);
    }

    @Test
    void percentilesAndMaximumAreWithinATenthOfAPercentOfRecordedLatenciesMergedAcrossNodes() {
        // the slowest search bounds every figure: a bucket bound past it (35,032 ms reported for a 30,505 ms maximum) is wrong
        java.util.Random r = new java.util.Random(3);
        List<Double> all = new java.util.ArrayList<>();
        List<Map<String, Object>> nodes = new java.util.ArrayList<>();
        for (int node = 0; node < 3; node++) {
            RerankCounters c = new RerankCounters();
            for (int i = 0; i < 2_000; i++) {
                double ms = Math.exp(r.nextDouble() * 12) * 0.3;
                all.add(ms);
                c.onFallback(DOCS, org.llmrerank.rescorer.pipeline.FallbackCause.TIMEOUT, ms);
            }
            nodes.add(c.snapshot());
        }
        java.util.Collections.sort(all);
        @SuppressWarnings("unchecked")
        Map<String, Object> latency = (Map<String, Object>) RerankCounters.merge(nodes).get("latency_ms");
        assertEquals((long) all.size(), latency.get("count"));
        for (int p : new int[] {50, 90, 99}) {
            // HdrHistogram's percentile: the value at rank ceil(p% of n), reported at its bucket's highest equivalent value
            double exact = all.get((int) Math.ceil(p / 100.0 * all.size()) - 1);
            assertEquals(exact, (double) latency.get("p" + p), exact * 1e-3 + 1e-3, "p" + p);
        }
        double max = all.get(all.size() - 1);
        assertEquals(max, (double) latency.get("max"), max * 1e-3 + 1e-3);
        assertTrue(RerankCounters.forDisplay(RerankCounters.merge(nodes)).containsKey("latency_histogram") == false,
            "the wire form is never shown");
    }
}
