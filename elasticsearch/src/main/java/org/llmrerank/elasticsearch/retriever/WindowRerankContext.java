package org.llmrerank.elasticsearch.retriever;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.function.Consumer;
import org.elasticsearch.action.ActionListener;
import org.elasticsearch.search.rank.context.RankFeaturePhaseRankCoordinatorContext;
import org.elasticsearch.search.rank.feature.RankFeatureDoc;
import org.llmrerank.elasticsearch.ResolvedClause;
import org.llmrerank.elasticsearch.Rejections;
import org.llmrerank.elasticsearch.SearchRerank;
import org.llmrerank.elasticsearch.WindowReranker;
import org.llmrerank.rescorer.pipeline.RerankOptions;
import org.llmrerank.rescorer.pipeline.RerankResult;

/**
 * On the coordinating node, once every shard sent the text of its hits in the window: puts the merged global window
 * back into first-stage order, reranks it ({@link SearchRerank}) and hands Elasticsearch one score per hit,
 * which it sorts by and pages through ({@code from}/{@code size}).
 */
final class WindowRerankContext extends RankFeaturePhaseRankCoordinatorContext {

    /** Reranks one window: the search's {@link SearchRerank} (counted, details in the response header), or a test's stand-in. */
    @FunctionalInterface
    interface Rerank {
        void start(String queryText, List<WindowReranker.Hit> hits, RerankOptions options, Consumer<RerankResult> done);
    }

    private final ResolvedClause clause;
    private final Rerank rerank;
    private final FirstStageOrder firstStage;

    WindowRerankContext(int size, int from, int rankWindowSize, ResolvedClause clause, Rerank rerank, FirstStageOrder firstStage) {
        // failures are not allowed through: the reranker answers a model problem with first-stage order itself
        super(size, from, rankWindowSize, false);
        this.clause = clause;
        this.rerank = rerank;
        this.firstStage = firstStage;
    }

    @Override
    protected void computeScores(RankFeatureDoc[] docs, ActionListener<float[]> listener) {
        Integer[] byFirstStage = firstStageOrder(docs);
        List<WindowReranker.Hit> hits = new ArrayList<>(docs.length);
        for (int pos : byFirstStage) {
            RankFeatureDoc d = docs[pos];
            FirstStageOrder.Place place = firstStage.placeOf(d.shardIndex, d.doc);
            String text = d.featureData == null || d.featureData.isEmpty() ? null : d.featureData.get(0);
            hits.add(new WindowReranker.Hit(d.shardIndex + "/" + d.doc, text == null || text.isEmpty() ? null : text,
                place == null ? Float.NaN : place.score()));
        }
        rerank.start(clause.queryText(), hits, clause.options(), result -> {
            if (result.status() == RerankResult.Status.REJECTED) {
                listener.onFailure(Rejections.tooManyRequests(result));
                return;
            }
            float[] byPosition = RetrieverScores.of(result, docs.length);
            float[] scores = new float[docs.length];
            for (int p = 0; p < byFirstStage.length; p++) {
                scores[byFirstStage[p]] = byPosition[p];
            }
            listener.onResponse(scores);
        });
    }

    /**
     * Indices into {@code docs} in first-stage order. A doc the query phase did not record (which would be a change in
     * Elasticsearch's phase order) goes last, in the order it arrived.
     */
    private Integer[] firstStageOrder(RankFeatureDoc[] docs) {
        Integer[] idx = new Integer[docs.length];
        for (int i = 0; i < docs.length; i++) {
            idx[i] = i;
        }
        Arrays.sort(idx, Comparator.comparingInt(i -> {
            FirstStageOrder.Place p = firstStage.placeOf(docs[i].shardIndex, docs[i].doc);
            return p == null ? Integer.MAX_VALUE : p.rank();
        }));
        return idx;
    }
}
