package org.llmrerank.elasticsearch;

import java.util.List;
import org.elasticsearch.test.ESTestCase;
import org.llmrerank.rescorer.LayerUsage;
import org.llmrerank.rescorer.RerankOutcome;
import org.llmrerank.rescorer.Strategy;
import org.llmrerank.rescorer.StrategyReport;
import org.llmrerank.rescorer.pipeline.FallbackCause;
import org.llmrerank.rescorer.pipeline.RerankOptions;
import org.llmrerank.rescorer.pipeline.RerankResult;

public class HitExplanationsTests extends ESTestCase {

    private static final RerankOptions OPTIONS = new RerankOptions(List.of("docs"), "m", "text", Strategy.AUTO, Strategy.AUTO, 3, 10,
        Double.POSITIVE_INFINITY, 1_000_000);
    /** First-stage positions 0, 1, 2 reranked to 2, 0, 1; position 1 has no text. */
    private static final RerankResult RERANKED = RerankResult.reranked(new RerankOutcome(new int[] {2, 0, 1}, new float[] {0.5f, Float.NaN,
        0.9f}, Strategy.POINTWISE_EMBEDDING, 2, 0, -1, 0, 0, LayerUsage.UNREPORTED, new RerankOutcome.BudgetEffect(2, 2, true),
        StrategyReport.pointwise("m", Strategy.POINTWISE_EMBEDDING, 2)), null, 0, 0);

    public void testJudgedHitNamesModelScoreAndBothRanks() {
        assertEquals("llm_rerank: model [m] score [0.9] by [" + Strategy.POINTWISE_EMBEDDING.clauseName() + "], rank [1], first-stage rank [3]",
            HitExplanations.describe(OPTIONS, RERANKED, 2, 0.9f));
    }

    public void testRankDerivedScoreIsSaidToBeOne() {
        String s = HitExplanations.describe(OPTIONS, RERANKED, 0, 2f);
        assertTrue(s, s.startsWith("llm_rerank: model [m] score [0.5] by ["));
        assertTrue(s, s.contains("carries the rank-derived score [2.0]"));
    }

    public void testUnjudgedHitSaysWhy() {
        String s = HitExplanations.describe(OPTIONS, RERANKED, 1, 1f);
        assertTrue(s, s.startsWith("llm_rerank: not judged by model [m] (no text in [text]"));
        assertTrue(s, s.endsWith("rank [3], first-stage rank [2]"));
    }

    public void testFallbackNamesItsCause() {
        assertEquals("llm_rerank: first-stage order and score kept, fallback [timeout]: too slow",
            HitExplanations.describe(OPTIONS, RerankResult.fallback(FallbackCause.TIMEOUT, "too slow"), 0, 3f));
    }
}
