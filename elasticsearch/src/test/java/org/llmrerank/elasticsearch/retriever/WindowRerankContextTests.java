package org.llmrerank.elasticsearch.retriever;

import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.lucene.search.ScoreDoc;
import org.elasticsearch.action.ActionListener;
import org.elasticsearch.search.rank.feature.RankFeatureDoc;
import org.elasticsearch.test.ESTestCase;
import org.llmrerank.elasticsearch.ResolvedClause;
import org.llmrerank.elasticsearch.WindowReranker;
import org.llmrerank.rescorer.LayerUsage;
import org.llmrerank.rescorer.RerankOutcome;
import org.llmrerank.rescorer.Strategy;
import org.llmrerank.rescorer.StrategyReport;
import org.llmrerank.rescorer.pipeline.RerankOptions;
import org.llmrerank.rescorer.pipeline.RerankResult;

/**
 * The rank-feature phase hands the coordinator the window grouped by shard, in doc-id order, without scores; the rerank
 * must see it in the first-stage order the query phase's merge recorded. This rests on Elasticsearch's internal phase
 * order (the cluster tests check it end to end).
 */
public class WindowRerankContextTests extends ESTestCase {

    public void testWindowIsReorderedToFirstStageOrderAndScoresMappedBack() {
        FirstStageOrder order = new FirstStageOrder();
        // merged first stage: shard 1 doc 7, shard 0 doc 3, shard 1 doc 2, shard 0 doc 9
        order.record(new ScoreDoc[] {new ScoreDoc(7, 4f, 1), new ScoreDoc(3, 3f, 0), new ScoreDoc(2, 2f, 1), new ScoreDoc(9, 1f, 0)});
        // as the rank-feature phase delivers them: by shard, then doc id, no scores
        RankFeatureDoc[] docs = {doc(3, 0, "three"), doc(9, 0, ""), doc(2, 1, "two"), doc(7, 1, "seven")};

        AtomicReference<List<WindowReranker.Hit>> seen = new AtomicReference<>();
        WindowRerankContext.Rerank reverse = (queryText, hits, options, done) -> {
            seen.set(hits);
            done.accept(RerankResult.reranked(new RerankOutcome(new int[] {3, 2, 1, 0}, new float[] {0.1f, 0.2f, 0.3f, 0.4f},
                Strategy.POINTWISE_EMBEDDING, 4, 0, -1, 0, 0, LayerUsage.UNREPORTED, new RerankOutcome.BudgetEffect(4, 4, true),
                StrategyReport.pointwise("m", Strategy.POINTWISE_EMBEDDING, 4)), null, 0, 0));
        };
        ResolvedClause clause = new ResolvedClause("q", 100,
            new RerankOptions(List.of("docs"), "m", "text", Strategy.AUTO, Strategy.AUTO, 4, 10, Double.POSITIVE_INFINITY, 1_000_000));
        WindowRerankContext ctx = new WindowRerankContext(10, 0, 4, clause, reverse, order);
        AtomicReference<float[]> scores = new AtomicReference<>();
        ctx.computeScores(docs, ActionListener.wrap(scores::set, e -> fail(e.toString())));

        assertEquals(List.of("1/7", "0/3", "1/2", "0/9"), seen.get().stream().map(WindowReranker.Hit::id).toList());
        assertEquals("seven", seen.get().get(0).text());
        assertNull("an empty text is no text", seen.get().get(3).text());
        assertEquals(4f, seen.get().get(0).firstStageScore(), 0f);
        // first-stage positions 0..3 scored 0.1..0.4: doc 7 -> 0.1, doc 3 -> 0.2, doc 2 -> 0.3, doc 9 -> 0.4
        assertArrayEquals(new float[] {0.2f, 0.4f, 0.3f, 0.1f}, scores.get(), 0f);
    }

    private static RankFeatureDoc doc(int doc, int shard, String text) {
        RankFeatureDoc d = new RankFeatureDoc(doc, Float.NaN, shard);
        d.featureData(List.of(text));
        return d;
    }
}
