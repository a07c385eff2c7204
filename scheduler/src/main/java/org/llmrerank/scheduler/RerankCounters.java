package org.llmrerank.scheduler;


import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.DoubleAdder;
import java.util.concurrent.atomic.LongAdder;
import org.llmrerank.rescorer.LayerUsage;
import org.llmrerank.rescorer.pipeline.FallbackCause;

/**
 * Node-local counters of the rerank path, in total and broken down by index, strategy and model.
 * LongAdder/DoubleAdder so that concurrent searches never lose an update and never contend on one
 * cache line. Everything kept is a sum (FLOPs, queries, histogram buckets), so figures merged
 * across nodes are ratios of sums and percentiles of merged histograms.
 */
public final class RerankCounters {

    /** What a rerank is attributed to in the breakdowns. */
    public record Labels(List<String> indices, String strategy, String model) {}

    /** What one reranked query did. countedFlops &lt; 0 when the engine cannot count. */
    public record Reranked(int docs, int docsWithoutText, long tokens, long modelNanos, double estimatedFlops, double countedFlops,
                           double latencyMillis, LayerUsage layers) {

        public Reranked {
            Objects.requireNonNull(layers, "layers (LayerUsage.UNREPORTED when unknown)");
        }

        /** A rerank whose model did not report layer use. */
        public Reranked(int docs, int docsWithoutText, long tokens, long modelNanos, double estimatedFlops, double countedFlops,
                        double latencyMillis) {
            this(docs, docsWithoutText, tokens, modelNanos, estimatedFlops, countedFlops, latencyMillis, LayerUsage.UNREPORTED);
        }
    }

    private final LongAdder queries = new LongAdder();
    private final LongAdder skippedPages = new LongAdder();
    private final LongAdder judgedQueries = new LongAdder();
    private final DoubleAdder judgedNdcgSum = new DoubleAdder();
    private final DoubleAdder judgedFlops = new DoubleAdder();
    private final Slice total = new Slice();
    private final Map<String, ConcurrentMap<String, Slice>> breakdowns = Map.of(
        "by_index", new ConcurrentHashMap<>(),
        "by_strategy", new ConcurrentHashMap<>(),
        "by_model", new ConcurrentHashMap<>());

    private volatile SchedulerStats schedulerStats;

    /** The inference scheduler's and dispatcher's counters, shown under {@code scheduler} in the snapshot. */
    public void setSchedulerStats(SchedulerStats stats) {
        this.schedulerStats = stats;
    }

    /**
     * A valid search whose first stage succeeded reached the rerank stage and will end as reranked or as a fallback:
     * {@code queries} = {@code reranked_queries} + {@code fallbacks_total}. Searches refused with a 4xx are not queries.
     */
    public void onQuery() {
        queries.increment();
    }

    /** A page the rerank cannot change (size 0, or from at or past the window): answered without the model, not a query. */
    public void onSkippedPage() {
        skippedPages.increment();
    }

    public void onReranked(Labels labels, Reranked r) {
        onReranked(labels, r, false, false);
    }

    /**
     * @param switchedUnderBudget auto ran something other than its first choice on the full window because of the budget
     * @param earlyStopped        a sorting strategy stopped once the top-k were placed
     */
    public void onReranked(Labels labels, Reranked r, boolean switchedUnderBudget, boolean earlyStopped) {
        for (Slice s : slices(labels)) {
            s.onReranked(r);
            if (switchedUnderBudget) {
                s.switchesUnderBudget.increment();
            }
            if (earlyStopped) {
                s.earlyStops.increment();
            }
        }
    }

    public void onFallback(Labels labels, FallbackCause cause, double latencyMillis) {
        for (Slice s : slices(labels)) {
            s.onFallback(cause, latencyMillis);
        }
    }

    /** A judged query of an evaluation (_eval): its NDCG@10 and the FLOPs its rerank cost, for RPP. */
    public void onJudged(double ndcgAt10, double estimatedFlops) {
        judgedQueries.increment();
        judgedNdcgSum.add(ndcgAt10);
        judgedFlops.add(estimatedFlops);
    }

    public long fallbacks(FallbackCause cause) {
        return total.fallbacks.get(cause).sum();
    }

    public long queries() {
        return queries.sum();
    }

    private List<Slice> slices(Labels l) {
        List<Slice> out = new java.util.ArrayList<>();
        out.add(total);
        for (String index : l.indices()) {
            out.add(breakdowns.get("by_index").computeIfAbsent(index, k -> new Slice()));
        }
        out.add(breakdowns.get("by_strategy").computeIfAbsent(l.strategy(), k -> new Slice()));
        out.add(breakdowns.get("by_model").computeIfAbsent(l.model(), k -> new Slice()));
        return out;
    }

    /** Sums and derived ratios; each value is read once. */
    public Map<String, Object> snapshot() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("queries", queries.sum());
        m.put("skipped_pages", skippedPages.sum());
        m.putAll(total.sums());
        Map<String, Object> judged = new LinkedHashMap<>();
        judged.put("queries", judgedQueries.sum());
        judged.put("ndcg@10_sum", judgedNdcgSum.sum());
        judged.put("flops_estimated", judgedFlops.sum());
        m.put("judged", judged);
        SchedulerStats sched = schedulerStats;
        if (sched != null) {
            m.put("scheduler", sched.snapshot());
        }
        for (Map.Entry<String, ConcurrentMap<String, Slice>> b : breakdowns.entrySet().stream()
            .sorted(Map.Entry.comparingByKey()).toList()) {
            Map<String, Object> byKey = new TreeMap<>();
            b.getValue().forEach((k, s) -> byKey.put(k, s.sums()));
            m.put(b.getKey(), byKey);
        }
        return withDerived(m);
    }

    public void reset() {
        queries.reset();
        skippedPages.reset();
        judgedQueries.reset();
        judgedNdcgSum.reset();
        judgedFlops.reset();
        total.reset();
        breakdowns.values().forEach(Map::clear);
        SchedulerStats sched = schedulerStats;
        if (sched != null) {
            sched.reset();
        }
    }

    /** Keys computed from the sums; recomputed, never summed, when snapshots are merged. */
    static final Set<String> DERIVED = Set.of("qpp_estimated", "qpp_counted", "latency_ms", "rpp", "ndcg@10_mean",
        "counted_to_estimated", "layers_per_sequence");

    /**
     * Adds the ratios to a map of sums, and to every nested slice. QPP = 1 / mean PFLOPs per query =
     * reranked queries / PFLOPs, a ratio of sums: merged over nodes it weighs every query equally,
     * unlike a mean of node ratios. Latency percentiles come from the (merged) histogram buckets.
     */
    @SuppressWarnings("unchecked")
    static Map<String, Object> withDerived(Map<String, Object> sums) {
        if (sums.containsKey("reranked_queries")) {
            long reranked = ((Number) sums.get("reranked_queries")).longValue();
            double est = ((Number) sums.getOrDefault("flops_estimated", 0.0)).doubleValue();
            sums.put("qpp_estimated", est > 0 ? reranked / (est / 1e15) : null);
            // counted figures cover only the queries whose engine counts (counted_queries), so QPP and the
            // comparison with the estimate are taken over those queries alone, never mixed with uncounted ones
            long countedQueries = ((Number) sums.getOrDefault("counted_queries", 0L)).longValue();
            Object counted = sums.get("flops_counted");
            double estOfCounted = ((Number) sums.getOrDefault("flops_estimated_of_counted", 0.0)).doubleValue();
            if (counted instanceof Number c && c.doubleValue() > 0 && countedQueries > 0) {
                sums.put("qpp_counted", countedQueries / (c.doubleValue() / 1e15));
                sums.put("counted_to_estimated", estOfCounted > 0 ? c.doubleValue() / estOfCounted : null);
            } else {
                sums.put("qpp_counted", null);
                sums.put("counted_to_estimated", null);
            }
        }
        if (sums.get("layers") instanceof Map<?, ?> l) {
            // per encoded sequence (query or passage): how deep the routed model went on average
            Map<String, Object> layers = (Map<String, Object>) l;
            long seqs = ((Number) layers.get("sequences")).longValue();
            Map<String, Object> per = new LinkedHashMap<>();
            for (String k : List.of("executed", "skipped", "repeated")) {
                per.put(k, seqs > 0 ? ((Number) layers.get(k)).doubleValue() / seqs : null);
            }
            layers.put("layers_per_sequence", per);
        }
        if (sums.get(LATENCY_HISTOGRAM) instanceof String h) {
            sums.put("latency_ms", LatencyHistogram.summary(h));
        }
        if (sums.get("judged") instanceof Map<?, ?> j) {
            // RPP = mean NDCG@10 / mean PFLOPs per query = NDCG sum / PFLOPs sum, over judged queries (E2R-FLOPs, RPP and QPP)
            Map<String, Object> judged = (Map<String, Object>) j;
            long n = ((Number) judged.get("queries")).longValue();
            double ndcgSum = ((Number) judged.get("ndcg@10_sum")).doubleValue();
            double flops = ((Number) judged.get("flops_estimated")).doubleValue();
            judged.put("ndcg@10_mean", n > 0 ? ndcgSum / n : null);
            judged.put("rpp", flops > 0 ? ndcgSum / (flops / 1e15) : null);
        }
        for (Object v : sums.values()) {
            if (v instanceof Map<?, ?> nested) {
                for (Object slice : nested.values()) {
                    if (slice instanceof Map<?, ?> s && s.containsKey("reranked_queries")) {
                        withDerived((Map<String, Object>) s);
                    }
                }
            }
        }
        return sums;
    }

    /** A slice's latencies in their wire form: merged across nodes, summarised as latency_ms, never shown. */
    static final String LATENCY_HISTOGRAM = "latency_histogram";

    /** A snapshot as users read it: without the wire form of the histograms (their summary is latency_ms). */
    @SuppressWarnings("unchecked")
    public static Map<String, Object> forDisplay(Map<String, Object> stats) {
        Map<String, Object> out = new LinkedHashMap<>();
        for (Map.Entry<String, Object> e : stats.entrySet()) {
            if (LATENCY_HISTOGRAM.equals(e.getKey())) {
                continue;
            }
            out.put(e.getKey(), e.getValue() instanceof Map<?, ?> m ? forDisplay((Map<String, Object>) m) : e.getValue());
        }
        return out;
    }

    /** Node gauges that mean nothing summed (a model's load time); the cluster section leaves them out. */
    static final Set<String> NODE_ONLY = Set.of("load_ms");

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
            if (DERIVED.contains(k) || NODE_ONLY.contains(k)) {
                continue;
            }
            Object cur = total.get(k);
            if (LATENCY_HISTOGRAM.equals(k) && v instanceof String h) {
                total.put(k, cur instanceof String c ? LatencyHistogram.merge(c, h) : h);
            } else if (v instanceof Map<?, ?> sub) {
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

    /** The counters of one slice (all queries, one index, one strategy or one model). */
    private static final class Slice {
        final LongAdder rerankedQueries = new LongAdder();
        final LongAdder rerankedDocs = new LongAdder();
        final LongAdder docsWithoutText = new LongAdder();
        final LongAdder inputTokens = new LongAdder();
        final LongAdder modelNanos = new LongAdder();
        final DoubleAdder estimatedFlops = new DoubleAdder();
        final DoubleAdder countedFlops = new DoubleAdder();
        final DoubleAdder estimatedFlopsOfCounted = new DoubleAdder();
        final LongAdder countedQueries = new LongAdder();
        final LongAdder layerSequences = new LongAdder();
        final LongAdder layersExecuted = new LongAdder();
        final LongAdder layersSkipped = new LongAdder();
        final LongAdder layersRepeated = new LongAdder();
        final LongAdder switchesUnderBudget = new LongAdder();
        final LongAdder earlyStops = new LongAdder();
        final Map<FallbackCause, LongAdder> fallbacks = new EnumMap<>(FallbackCause.class);
        final LatencyHistogram latency = new LatencyHistogram();

        Slice() {
            for (FallbackCause c : FallbackCause.values()) {
                fallbacks.put(c, new LongAdder());
            }
        }

        void onReranked(Reranked r) {
            rerankedQueries.increment();
            rerankedDocs.add(r.docs());
            docsWithoutText.add(r.docsWithoutText());
            inputTokens.add(r.tokens());
            modelNanos.add(r.modelNanos());
            estimatedFlops.add(r.estimatedFlops());
            if (r.countedFlops() >= 0) {
                countedFlops.add(r.countedFlops());
                estimatedFlopsOfCounted.add(r.estimatedFlops());
                countedQueries.increment();
            }
            layerSequences.add(r.layers().sequences());
            layersExecuted.add(r.layers().executed());
            layersSkipped.add(r.layers().skipped());
            layersRepeated.add(r.layers().repeated());
            latency.record(r.latencyMillis());
        }

        void onFallback(FallbackCause cause, double latencyMillis) {
            fallbacks.get(cause).increment();
            latency.record(latencyMillis);
        }

        Map<String, Object> sums() {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("reranked_queries", rerankedQueries.sum());
            m.put("reranked_docs", rerankedDocs.sum());
            m.put("docs_without_text", docsWithoutText.sum());
            m.put("input_tokens", inputTokens.sum());
            m.put("model_time_ms", modelNanos.sum() / 1_000_000L);
            m.put("flops_estimated", estimatedFlops.sum());
            m.put("flops_counted", countedQueries.sum() == 0 ? null : countedFlops.sum());
            m.put("counted_queries", countedQueries.sum());
            m.put("flops_estimated_of_counted", estimatedFlopsOfCounted.sum());
            Map<String, Object> layers = new LinkedHashMap<>();
            layers.put("sequences", layerSequences.sum());
            layers.put("executed", layersExecuted.sum());
            layers.put("skipped", layersSkipped.sum());
            layers.put("repeated", layersRepeated.sum());
            m.put("layers", layers);
            m.put("strategy_switches_under_budget", switchesUnderBudget.sum());
            m.put("early_stops", earlyStops.sum());
            Map<String, Object> fb = new LinkedHashMap<>();
            long all = 0;
            for (FallbackCause c : FallbackCause.values()) {
                long v = fallbacks.get(c).sum();
                fb.put(c.key(), v);
                all += v;
            }
            m.put("fallbacks_total", all);
            m.put("fallbacks", fb);
            m.put(LATENCY_HISTOGRAM, latency.encoded());
            return m;
        }

        void reset() {
            rerankedQueries.reset();
            rerankedDocs.reset();
            docsWithoutText.reset();
            inputTokens.reset();
            modelNanos.reset();
            estimatedFlops.reset();
            countedFlops.reset();
            estimatedFlopsOfCounted.reset();
            countedQueries.reset();
            layerSequences.reset();
            layersExecuted.reset();
            layersSkipped.reset();
            layersRepeated.reset();
            switchesUnderBudget.reset();
            earlyStops.reset();
            fallbacks.values().forEach(LongAdder::reset);
            latency.reset();
        }
    }
}
