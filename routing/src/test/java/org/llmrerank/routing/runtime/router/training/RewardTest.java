package org.llmrerank.routing.runtime.router.training;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.llmrerank.estimator.Qrels;
import org.llmrerank.estimator.QueryCandidates;

/** The rewards of the path search, on hand-made rankings: what each accepts and how it describes itself. */
class RewardTest {

    /** Twelve candidates d0..d11, first-stage order. */
    private static final QueryCandidates QUERY = new QueryCandidates("q", "query", IntStream.range(0, 12)
            .mapToObj(i -> new QueryCandidates.Candidate("d" + i, 12 - i, "text " + i)).toList());
    private static final List<Integer> FULL = IntStream.range(0, 12).boxed().toList();
    private static final double[] FULL_SCORES = IntStream.range(0, 12).mapToDouble(i -> 12 - i).toArray();

    private static List<Integer> swapped(int i, int j) {
        List<Integer> r = new ArrayList<>(FULL);
        Collections.swap(r, i, j);
        return r;
    }

    @Test
    void qrelsRewardToleratesSmallLossesOnly() {
        // d0 highly relevant, d1 relevant: full depth ranks both on top
        Qrels qrels = new Qrels(Map.of("q", Map.of("d0", 3, "d1", 1)));
        Reward.Acceptance strict = Reward.qrels(qrels, 0.0).forQuery(QUERY, FULL, FULL_SCORES);
        assertEquals("full NDCG@10 1.0000", strict.describe());
        assertTrue(strict.accepts(FULL));
        assertTrue(strict.accepts(swapped(5, 6)), "unjudged passages trading places cost nothing");
        assertFalse(strict.accepts(swapped(0, 1)), "the relevant passages swapped lose NDCG");
        Reward.Acceptance lenient = Reward.qrels(qrels, 0.5).forQuery(QUERY, FULL, FULL_SCORES);
        assertTrue(lenient.accepts(swapped(0, 1)));
        assertFalse(lenient.accepts(swapped(0, 11)), "the best passage pushed out of the top 10 costs more than 0.5");
    }

    @Test
    void agreementRewardHoldsTheRankingToFullDepthsTopTen() {
        Reward.Acceptance a = Reward.agreement(0.99).forQuery(QUERY, FULL, FULL_SCORES);
        assertEquals("reward: agreement with full depth >= 0.99", a.describe());
        assertTrue(a.accepts(FULL));
        assertTrue(a.accepts(swapped(10, 11)), "below the top 10 nothing counts");
        assertTrue(a.accepts(swapped(8, 9)), "neighbours near the bottom of the top 10 cost under 1%");
        assertFalse(a.accepts(swapped(0, 1)), "the first two swapped cost more");
        assertEquals(FullDepthAgreement.ndcg(FULL, swapped(0, 1)) >= 0.9,
                Reward.agreement(0.9).forQuery(QUERY, FULL, FULL_SCORES).accepts(swapped(0, 1)));
    }
}
