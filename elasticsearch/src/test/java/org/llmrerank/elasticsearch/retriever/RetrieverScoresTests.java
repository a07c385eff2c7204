package org.llmrerank.elasticsearch.retriever;

import org.elasticsearch.test.ESTestCase;
import org.llmrerank.rescorer.LayerUsage;
import org.llmrerank.rescorer.RerankOutcome;
import org.llmrerank.rescorer.Strategy;
import org.llmrerank.rescorer.StrategyReport;
import org.llmrerank.rescorer.pipeline.FallbackCause;
import org.llmrerank.rescorer.pipeline.RerankResult;

public class RetrieverScoresTests extends ESTestCase {

    public void testPositiveDecreasingModelScoresAreKept() {
        assertArrayEquals(new float[] {0.5f, 0.25f, 0.75f}, RetrieverScores.of(reranked(new int[] {2, 0, 1}, 0.5f, 0.25f, 0.75f), 3), 0f);
    }

    public void testNegativeScoresBecomeRankDerived() {
        // cosine similarity can be negative; Elasticsearch refuses negative retriever scores
        assertArrayEquals(new float[] {2f, 3f, 1f}, RetrieverScores.of(reranked(new int[] {1, 0, 2}, -0.1f, 0.3f, -0.2f), 3), 0f);
    }

    public void testTiesBecomeRankDerivedSoTheOrderIsKept() {
        assertArrayEquals(new float[] {1f, 2f}, RetrieverScores.of(reranked(new int[] {1, 0}, 0.5f, 0.5f), 2), 0f);
    }

    public void testUnjudgedHitsMakeEveryScoreRankDerived() {
        assertArrayEquals(new float[] {1f, 2f}, RetrieverScores.of(reranked(new int[] {1, 0}, Float.NaN, 0.9f), 2), 0f);
    }

    public void testFallbackKeepsFirstStageOrder() {
        assertArrayEquals(new float[] {3f, 2f, 1f}, RetrieverScores.of(RerankResult.fallback(FallbackCause.TIMEOUT, "slow"), 3), 0f);
    }

    private static RerankResult reranked(int[] order, float... scores) {
        RerankOutcome o = new RerankOutcome(order, scores, Strategy.POINTWISE_EMBEDDING, order.length, 0, -1, 0, 0, LayerUsage.UNREPORTED,
            new RerankOutcome.BudgetEffect(order.length, order.length, true), StrategyReport.pointwise("m", Strategy.POINTWISE_EMBEDDING,
            order.length));
        return RerankResult.reranked(o, null, 0, 0);
    }
}
