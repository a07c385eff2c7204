package org.llmrerank.scheduler;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class RerankCountersTest {

    @Test
    void concurrentUpdatesLoseNothing() throws Exception {
        RerankCounters c = new RerankCounters();
        int threads = 8;
        int perThread = 20_000;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        for (int t = 0; t < threads; t++) {
            pool.submit(() -> {
                for (int i = 0; i < perThread; i++) {
                    c.onQuery();
                    c.onReranked(3, 1, 7, 11, 2.0, -1);
                    c.onFallback(RerankCounters.FallbackCause.TIMEOUT);
                }
            });
        }
        pool.shutdown();
        pool.awaitTermination(1, TimeUnit.MINUTES);
        long n = (long) threads * perThread;
        Map<String, Object> s = c.snapshot();
        assertEquals(n, s.get("queries"));
        assertEquals(n, s.get("reranked_queries"));
        assertEquals(3 * n, s.get("reranked_docs"));
        assertEquals(n, s.get("docs_without_text"));
        assertEquals(7 * n, s.get("input_tokens"));
        assertEquals(2.0 * n, (double) s.get("flops_estimated"), 1e-6);
        assertEquals(null, s.get("flops_counted"), "nothing was counted");
        assertEquals(n, c.fallbacks(RerankCounters.FallbackCause.TIMEOUT));
        assertEquals(n, s.get("fallbacks_total"));
    }

    @Test
    void qppIsRatioOfSums() {
        RerankCounters c = new RerankCounters();
        c.onReranked(10, 0, 100, 1, 1e12, -1);
        c.onReranked(10, 0, 100, 1, 3e12, 2e12);
        Map<String, Object> s = c.snapshot();
        // 2 queries / 4e12 FLOPs = 2 / 0.004 PF = 500 queries per PetaFLOP
        assertEquals(500.0, (double) s.get("qpp_estimated"), 1e-9);
        assertEquals(2e12, (double) s.get("flops_counted"), 1e-3);
        // across nodes: ratios of sums, not means of node ratios
        RerankCounters other = new RerankCounters();
        other.onReranked(10, 0, 100, 1, 16e12, -1);
        Map<String, Object> merged = RerankCounters.merge(java.util.List.of(s, other.snapshot()));
        assertEquals(3L, merged.get("reranked_queries"));
        assertEquals(20e12, (double) merged.get("flops_estimated"), 1e-3);
        // 3 queries / 0.020 PF = 150 (the mean of the node QPPs would be (500 + 62.5) / 2 = 281.25)
        assertEquals(150.0, (double) merged.get("qpp_estimated"), 1e-9);
        assertEquals(2e12, (double) merged.get("flops_counted"), 1e-3, "a node that counted nothing adds nothing");
        c.reset();
        assertEquals(0L, c.snapshot().get("reranked_queries"));
    }
}
