package org.llmrerank.scheduler;

import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;

/**
 * Node-local counters of the rerank path. LongAdder so that concurrent searches never lose an
 * update and never contend on one cache line. FLOPs are kept as sums (not means) so that figures
 * aggregated across nodes are ratios of sums.
 */
public final class RerankCounters {

    /** Why a query kept its first-stage order. */
    public enum FallbackCause {
        TIMEOUT("timeout"),
        MODEL_ERROR("model_error"),
        REJECTED("rejected"),
        BUDGET("budget");

        private final String key;

        FallbackCause(String key) {
            this.key = key;
        }

        public String key() {
            return key;
        }
    }

    private final LongAdder queries = new LongAdder();
    private final LongAdder rerankedQueries = new LongAdder();
    private final LongAdder rerankedDocs = new LongAdder();
    private final LongAdder docsWithoutText = new LongAdder();
    private final LongAdder inputTokens = new LongAdder();
    private final LongAdder modelNanos = new LongAdder();
    private final DoubleSum estimatedFlops = new DoubleSum();
    private final DoubleSum countedFlops = new DoubleSum();
    private final LongAdder countedQueries = new LongAdder();
    private final Map<FallbackCause, LongAdder> fallbacks = new EnumMap<>(FallbackCause.class);

    public RerankCounters() {
        for (FallbackCause c : FallbackCause.values()) {
            fallbacks.put(c, new LongAdder());
        }
    }

    /** A search carrying an llm_rerank clause arrived. */
    public void onQuery() {
        queries.increment();
    }

    /** The model reranked a query's window. countedFlops < 0 when the engine cannot count. */
    public void onReranked(int docs, int docsMissingText, long tokens, long nanos, double estFlops, double cntFlops) {
        rerankedQueries.increment();
        rerankedDocs.add(docs);
        docsWithoutText.add(docsMissingText);
        inputTokens.add(tokens);
        modelNanos.add(nanos);
        estimatedFlops.add(estFlops);
        if (cntFlops >= 0) {
            countedFlops.add(cntFlops);
            countedQueries.increment();
        }
    }

    public void onFallback(FallbackCause cause) {
        fallbacks.get(cause).increment();
    }

    public long fallbacks(FallbackCause cause) {
        return fallbacks.get(cause).sum();
    }

    public long queries() {
        return queries.sum();
    }

    /** A consistent-enough snapshot for reporting; each value is read once. */
    public Map<String, Object> snapshot() {
        Map<String, Object> m = new LinkedHashMap<>();
        long reranked = rerankedQueries.sum();
        double est = estimatedFlops.sum();
        m.put("queries", queries.sum());
        m.put("reranked_queries", reranked);
        m.put("reranked_docs", rerankedDocs.sum());
        m.put("docs_without_text", docsWithoutText.sum());
        m.put("input_tokens", inputTokens.sum());
        m.put("model_time_ms", modelNanos.sum() / 1_000_000L);
        m.put("flops_estimated", est);
        m.put("flops_counted", countedQueries.sum() == 0 ? null : countedFlops.sum());
        m.put("counted_queries", countedQueries.sum());
        Map<String, Long> fb = new LinkedHashMap<>();
        long total = 0;
        for (FallbackCause c : FallbackCause.values()) {
            long v = fallbacks.get(c).sum();
            fb.put(c.key(), v);
            total += v;
        }
        m.put("fallbacks_total", total);
        m.put("fallbacks", fb);
        return withDerived(m);
    }

    /** Keys computed from the sums; recomputed, never summed, when snapshots are merged. */
    static final java.util.Set<String> DERIVED = java.util.Set.of("qpp_estimated");

    /**
     * Adds the ratios to a map of sums. QPP = 1 / mean PFLOPs per query = reranked queries / PFLOPs,
     * a ratio of sums: merged over nodes it weighs every query equally, unlike a mean of node ratios.
     */
    static Map<String, Object> withDerived(Map<String, Object> sums) {
        long reranked = ((Number) sums.getOrDefault("reranked_queries", 0L)).longValue();
        double est = ((Number) sums.getOrDefault("flops_estimated", 0.0)).doubleValue();
        sums.put("qpp_estimated", est > 0 ? reranked / (est / 1e15) : null);
        return sums;
    }

    /** Cluster-level figures from node snapshots: counters summed, ratios recomputed from the sums. */
    public static Map<String, Object> merge(Iterable<Map<String, Object>> nodeSnapshots) {
        Map<String, Object> total = new LinkedHashMap<>();
        for (Map<String, Object> node : nodeSnapshots) {
            addInto(total, node);
        }
        return withDerived(total);
    }

    @SuppressWarnings("unchecked")
    private static void addInto(Map<String, Object> total, Map<String, Object> node) {
        for (Map.Entry<String, Object> e : node.entrySet()) {
            String k = e.getKey();
            Object v = e.getValue();
            if (DERIVED.contains(k)) {
                continue;
            }
            Object cur = total.get(k);
            if (v instanceof Map<?, ?> sub) {
                Map<String, Object> target = cur instanceof Map<?, ?> ? (Map<String, Object>) cur : new LinkedHashMap<>();
                addInto(target, (Map<String, Object>) sub);
                total.put(k, target);
            } else if (v instanceof Long || v instanceof Integer) {
                total.put(k, (cur == null ? 0L : ((Number) cur).longValue()) + ((Number) v).longValue());
            } else if (v instanceof Number n) {
                total.put(k, (cur == null ? 0.0 : ((Number) cur).doubleValue()) + n.doubleValue());
            } else if (v == null) {
                total.putIfAbsent(k, null); // e.g. nothing counted on this node
            }
        }
    }

    public void reset() {
        queries.reset();
        rerankedQueries.reset();
        rerankedDocs.reset();
        docsWithoutText.reset();
        inputTokens.reset();
        modelNanos.reset();
        estimatedFlops.reset();
        countedFlops.reset();
        countedQueries.reset();
        fallbacks.values().forEach(LongAdder::reset);
    }

    /** Lock-free double accumulator (DoubleAdder's sum is not exact under concurrency either, but loses nothing). */
    private static final class DoubleSum {
        private final java.util.concurrent.atomic.DoubleAdder adder = new java.util.concurrent.atomic.DoubleAdder();

        void add(double v) {
            adder.add(v);
        }

        double sum() {
            return adder.sum();
        }

        void reset() {
            adder.reset();
        }
    }
}
