package org.llmrerank.rest.stats;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.DoubleAdder;
import java.util.concurrent.atomic.LongAdder;
import org.llmrerank.rescorer.LayerUsage;
import org.llmrerank.rescorer.pipeline.FallbackCause;
import org.llmrerank.scheduler.SchedulerStats;

/**
 * Node-local counters of the rerank path, in total and broken down by index, strategy and model.
 * LongAdder/DoubleAdder so that concurrent searches never lose an update and never contend on one
 * cache line. Everything kept is a sum (FLOPs, queries, histogram buckets): {@link #snapshot} reads them
 * into {@link RerankStats}, whose figures merged across nodes are ratios of sums and percentiles of merged histograms.
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
    private final ConcurrentMap<String, Slice> byIndex = new ConcurrentHashMap<>();
    private final ConcurrentMap<String, Slice> byStrategy = new ConcurrentHashMap<>();
    private final ConcurrentMap<String, Slice> byModel = new ConcurrentHashMap<>();

    private volatile SchedulerStats schedulerStats;

    /** The inference scheduler's and dispatcher's counters, reported with the snapshot. */
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
        List<Slice> out = new ArrayList<>();
        out.add(total);
        for (String index : l.indices()) {
            out.add(byIndex.computeIfAbsent(index, k -> new Slice()));
        }
        out.add(byStrategy.computeIfAbsent(l.strategy(), k -> new Slice()));
        out.add(byModel.computeIfAbsent(l.model(), k -> new Slice()));
        return out;
    }

    /** The sums; each value is read once. */
    public RerankStats snapshot() {
        SchedulerStats sched = schedulerStats;
        return new RerankStats(queries.sum(), skippedPages.sum(), total.snapshot(),
            new JudgedStats(judgedQueries.sum(), judgedNdcgSum.sum(), judgedFlops.sum()),
            sched == null ? null : CounterGroup.of(sched.snapshot()), snapshot(byIndex), snapshot(byStrategy), snapshot(byModel));
    }

    private static Map<String, SliceStats> snapshot(Map<String, Slice> slices) {
        Map<String, SliceStats> out = new TreeMap<>();
        slices.forEach((k, s) -> out.put(k, s.snapshot()));
        return out;
    }

    public void reset() {
        queries.reset();
        skippedPages.reset();
        judgedQueries.reset();
        judgedNdcgSum.reset();
        judgedFlops.reset();
        total.reset();
        byIndex.clear();
        byStrategy.clear();
        byModel.clear();
        SchedulerStats sched = schedulerStats;
        if (sched != null) {
            sched.reset();
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

        SliceStats snapshot() {
            Map<FallbackCause, Long> fb = new EnumMap<>(FallbackCause.class);
            fallbacks.forEach((c, n) -> fb.put(c, n.sum()));
            return new SliceStats(rerankedQueries.sum(), rerankedDocs.sum(), docsWithoutText.sum(), inputTokens.sum(),
                modelNanos.sum() / 1_000_000L, estimatedFlops.sum(), countedQueries.sum(), countedFlops.sum(), estimatedFlopsOfCounted.sum(),
                new LayerStats(layerSequences.sum(), layersExecuted.sum(), layersSkipped.sum(), layersRepeated.sum()),
                switchesUnderBudget.sum(), earlyStops.sum(), fb, latency.snapshot());
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
