package org.llmrerank.elasticsearch.retriever;

import org.elasticsearch.test.ESTestCase;
import org.llmrerank.elasticsearch.WindowReranker;
import org.llmrerank.rescorer.Strategy;

public class RetrieverScoresTests extends ESTestCase {

    public void testPositiveDecreasingModelScoresAreKept() {
        WindowReranker.Result r = reranked(new int[] {2, 0, 1}, new float[] {0.5f, 0.25f, 0.75f});
        assertArrayEquals(new float[] {0.5f, 0.25f, 0.75f}, RetrieverScores.of(r), 0f);
    }

    public void testNegativeScoresBecomeRankDerived() {
        // cosine similarity can be negative; Elasticsearch refuses negative retriever scores
        WindowReranker.Result r = reranked(new int[] {1, 0, 2}, new float[] {-0.1f, 0.3f, -0.2f});
        assertArrayEquals(new float[] {2f, 3f, 1f}, RetrieverScores.of(r), 0f);
    }

    public void testTiesBecomeRankDerivedSoTheOrderIsKept() {
        WindowReranker.Result r = reranked(new int[] {1, 0}, new float[] {0.5f, 0.5f});
        assertArrayEquals(new float[] {1f, 2f}, RetrieverScores.of(r), 0f);
    }

    public void testUnjudgedHitsMakeEveryScoreRankDerived() {
        WindowReranker.Result r = reranked(new int[] {1, 0}, new float[] {Float.NaN, 0.9f});
        assertArrayEquals(new float[] {1f, 2f}, RetrieverScores.of(r), 0f);
    }

    public void testFallbackKeepsFirstStageOrder() {
        assertArrayEquals(new float[] {3f, 2f, 1f}, RetrieverScores.of(WindowReranker.Result.firstStageOrder(3, "timeout", "slow")), 0f);
    }

    private static WindowReranker.Result reranked(int[] order, float[] scores) {
        return new WindowReranker.Result(order, scores, WindowReranker.Status.RERANKED, Strategy.POINTWISE_EMBEDDING, null, null);
    }
}
