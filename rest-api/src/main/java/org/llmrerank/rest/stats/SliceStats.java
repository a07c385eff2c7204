package org.llmrerank.rest.stats;

import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;
import org.llmrerank.rescorer.pipeline.FallbackCause;

/**
 * The sums of one slice of the rerank path: all queries, or those of one index, one strategy or one model. Only sums
 * are kept, so slices of several nodes add up and every ratio (QPP, counted-to-estimated FLOPs, layers per sequence,
 * percentiles) is computed from the sums: merged over nodes it weighs every query equally, unlike a mean of node ratios.
 *
 * @param countedQueries          reranks whose engine counted its FLOPs (the routed runtime, ONNX cross-encoders)
 * @param flopsCounted            FLOPs counted over those queries
 * @param flopsEstimatedOfCounted the estimate for the same queries, which is what the count is compared with
 * @param modelTimeMs             time spent in the model, summed per node in whole milliseconds
 */
public record SliceStats(long rerankedQueries, long rerankedDocs, long docsWithoutText, long inputTokens, long modelTimeMs,
                         double flopsEstimated, long countedQueries, double flopsCounted, double flopsEstimatedOfCounted,
                         LayerStats layers, long strategySwitchesUnderBudget, long earlyStops, Map<FallbackCause, Long> fallbacks,
                         Latencies latencies) {

    public SliceStats {
        Objects.requireNonNull(layers, "layers");
        Objects.requireNonNull(latencies, "latencies");
        EnumMap<FallbackCause, Long> all = new EnumMap<>(FallbackCause.class);
        for (FallbackCause c : FallbackCause.values()) {
            all.put(c, fallbacks.getOrDefault(c, 0L));
        }
        fallbacks = Collections.unmodifiableMap(all);
    }

    public static SliceStats empty() {
        return new SliceStats(0, 0, 0, 0, 0, 0.0, 0, 0.0, 0.0, LayerStats.NONE, 0, 0, Map.of(), Latencies.empty());
    }

    public SliceStats plus(SliceStats o) {
        EnumMap<FallbackCause, Long> fb = new EnumMap<>(FallbackCause.class);
        for (FallbackCause c : FallbackCause.values()) {
            fb.put(c, fallbacks.get(c) + o.fallbacks.get(c));
        }
        return new SliceStats(rerankedQueries + o.rerankedQueries, rerankedDocs + o.rerankedDocs, docsWithoutText + o.docsWithoutText,
            inputTokens + o.inputTokens, modelTimeMs + o.modelTimeMs, flopsEstimated + o.flopsEstimated, countedQueries + o.countedQueries,
            flopsCounted + o.flopsCounted, flopsEstimatedOfCounted + o.flopsEstimatedOfCounted, layers.plus(o.layers),
            strategySwitchesUnderBudget + o.strategySwitchesUnderBudget, earlyStops + o.earlyStops, fb, latencies.plus(o.latencies));
    }

    public long fallbacksTotal() {
        long all = 0;
        for (long n : fallbacks.values()) {
            all += n;
        }
        return all;
    }

    /** Null when no query's engine counted. */
    public Double flopsCountedOrNull() {
        return countedQueries == 0 ? null : flopsCounted;
    }

    /** QPP = 1 / mean PFLOPs per query = reranked queries / estimated PFLOPs; null while nothing was spent. */
    public Double qppEstimated() {
        return flopsEstimated > 0 ? rerankedQueries / (flopsEstimated / 1e15) : null;
    }

    /**
     * QPP over the queries whose engine counts, from their counted FLOPs: counted figures are never mixed with the
     * uncounted queries.
     */
    public Double qppCounted() {
        return counts() ? countedQueries / (flopsCounted / 1e15) : null;
    }

    /** Counted over estimated FLOPs of the same queries: how far the estimator is from what ran. */
    public Double countedToEstimated() {
        return counts() && flopsEstimatedOfCounted > 0 ? flopsCounted / flopsEstimatedOfCounted : null;
    }

    private boolean counts() {
        return countedQueries > 0 && flopsCounted > 0;
    }
}
