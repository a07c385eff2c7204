package org.llmrerank.rest.stats;

import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * What the rerank path of one node (or, added up, of a cluster) counted: queries, the totals of every rerank, the
 * judged queries of evaluations, the scheduler's counters and the same sums broken down by index, strategy and model.
 *
 * @param queries      searches that reached the rerank stage: reranked ones plus fallbacks
 * @param skippedPages pages the rerank could not change (size 0, or from at or past the window), answered without it
 * @param scheduler    the inference scheduler's and dispatcher's counters; null where none is attached
 */
public record RerankStats(long queries, long skippedPages, SliceStats total, JudgedStats judged, CounterGroup scheduler,
                          Map<String, SliceStats> byIndex, Map<String, SliceStats> byStrategy, Map<String, SliceStats> byModel) {

    public RerankStats {
        Objects.requireNonNull(total, "total");
        Objects.requireNonNull(judged, "judged");
        byIndex = sorted(byIndex);
        byStrategy = sorted(byStrategy);
        byModel = sorted(byModel);
    }

    public RerankStats plus(RerankStats o) {
        return new RerankStats(queries + o.queries, skippedPages + o.skippedPages, total.plus(o.total), judged.plus(o.judged),
            scheduler == null ? o.scheduler : o.scheduler == null ? scheduler : scheduler.plus(o.scheduler),
            plus(byIndex, o.byIndex), plus(byStrategy, o.byStrategy), plus(byModel, o.byModel));
    }

    private static Map<String, SliceStats> plus(Map<String, SliceStats> a, Map<String, SliceStats> b) {
        Map<String, SliceStats> sum = new TreeMap<>(a);
        b.forEach((k, s) -> sum.merge(k, s, SliceStats::plus));
        return sum;
    }

    private static Map<String, SliceStats> sorted(Map<String, SliceStats> slices) {
        return Collections.unmodifiableMap(new TreeMap<>(slices));
    }
}
