package org.llmrerank.elasticsearch.retriever;

import java.util.List;
import org.elasticsearch.common.document.DocumentField;
import org.elasticsearch.search.SearchHit;
import org.elasticsearch.search.SearchHits;
import org.elasticsearch.search.rank.RankShardResult;
import org.elasticsearch.search.rank.context.RankFeaturePhaseRankShardContext;
import org.elasticsearch.search.rank.feature.RankFeatureDoc;
import org.elasticsearch.search.rank.feature.RankFeatureShardResult;
import org.llmrerank.elasticsearch.ResolvedClause;

/**
 * On each shard, after the query phase: the text of the field the model reads, for the shard's hits in the global
 * window (Elasticsearch fetches it through the fields API). A hit without text still comes back, with an empty text,
 * so that the rerank places it after the judged hits instead of Elasticsearch dropping it from the results.
 */
final class TextFeatureShardContext extends RankFeaturePhaseRankShardContext {

    private final ResolvedClause clause;

    TextFeatureShardContext(ResolvedClause clause) {
        super(clause.field());
        this.clause = clause;
    }

    @Override
    public RankShardResult buildRankFeatureShardResult(SearchHits hits, int shardId) {
        SearchHit[] h = hits.getHits();
        RankFeatureDoc[] docs = new RankFeatureDoc[h.length];
        for (int i = 0; i < h.length; i++) {
            docs[i] = new RankFeatureDoc(h[i].docId(), h[i].getScore(), shardId);
            DocumentField values = h[i].field(field);
            String text = values == null ? null : clause.passage(values.getValues());
            docs[i].featureData(List.of(text == null ? "" : text));
        }
        return new RankFeatureShardResult(docs);
    }
}
