package org.llmrerank.elasticsearch.retriever;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.apache.lucene.search.ScoreDoc;
import org.elasticsearch.action.search.SearchPhaseController;
import org.elasticsearch.search.query.QuerySearchResult;
import org.elasticsearch.search.rank.context.QueryPhaseRankCoordinatorContext;
import org.elasticsearch.search.rank.feature.RankFeatureDoc;
import org.elasticsearch.search.rank.feature.RankFeatureShardResult;

/**
 * Merges the shards' first-stage top hits into the global top {@code rank_window_size} on the coordinating node (by
 * score, ties by shard then doc as Elasticsearch merges top hits) and records that order for the rerank.
 */
final class FirstStageCapture extends QueryPhaseRankCoordinatorContext {

    private static final Comparator<RankFeatureDoc> MERGE_ORDER = Comparator.<RankFeatureDoc>comparingDouble(d -> -d.score)
        .thenComparingInt(d -> d.shardIndex).thenComparingInt(d -> d.doc);

    private final FirstStageOrder order;

    FirstStageCapture(int rankWindowSize, FirstStageOrder order) {
        super(rankWindowSize);
        this.order = order;
    }

    @Override
    public ScoreDoc[] rankQueryPhaseResults(List<QuerySearchResult> results, SearchPhaseController.TopDocsStats topDocStats) {
        List<RankFeatureDoc> all = new ArrayList<>();
        for (QuerySearchResult result : results) {
            if (result.getRankShardResult() instanceof RankFeatureShardResult shard) {
                for (RankFeatureDoc doc : shard.rankFeatureDocs) {
                    // the shard request index: what the fetch and rank-feature phases address the shard by
                    doc.shardIndex = result.getShardIndex();
                    all.add(doc);
                }
            }
        }
        all.sort(MERGE_ORDER);
        RankFeatureDoc[] window = all.stream().limit(rankWindowSize).toArray(RankFeatureDoc[]::new);
        order.record(window);
        topDocStats.fetchHits = window.length;
        return window;
    }
}
