package org.llmrerank.rescorer.strategy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.llmrerank.estimator.CallCount;
import org.llmrerank.estimator.CallCounts;
import org.llmrerank.rescorer.ModelException;

/** The strategies' recorded calls against the estimator's {@link CallCounts}, on the papers' settings. */
class CallCountsAgreementTest {

    static final int N = 100;
    static final int K = 10;

    private static long calls(RankingStrategy s, Oracles.Query q) throws ModelException {
        return s.rerank(q.query(), q.passages(), K).trace().calls();
    }

    @Test
    void bubbleSortsAndListwiseAreExact() throws ModelException {
        for (double sigma : new double[] {0, 3}) {
            for (long seed = 1; seed <= 3; seed++) {
                Oracles.Query q = Oracles.graded(N, seed);
                Oracles.Setwise sw = new Oracles.Setwise(q, 4, sigma, seed);
                Oracles.Pairwise pw = new Oracles.Pairwise(q, sigma, seed);
                for (int numChild : new int[] {2, 3}) {
                    CallCount expected = CallCounts.setwiseBubbleSort(N, K, numChild);
                    assertTrue(expected.exact());
                    assertEquals(expected.expected(), calls(new SetwiseBubbleSort(sw, numChild), q), "numChild " + numChild);
                }
                assertEquals(CallCounts.pairwiseBubbleSort(N, K).expected(), calls(new PairwiseBubbleSort(pw), q));
                assertEquals(CallCounts.listwise(N, 20, 10, 1).expected(),
                        calls(new ListwiseSlidingWindow(new LikelihoodListwiseModel(sw), 20, 10, 1), q));
                assertEquals(CallCounts.listwise(N, 4, 2, 5).expected(),
                        calls(new ListwiseSlidingWindow(new LikelihoodListwiseModel(sw), 4, 2, 5), q));
            }
        }
    }

    @Test
    void allPairIsExactAndRunsEveryOrderedPrompt() throws ModelException {
        Oracles.Query q = Oracles.graded(N, 5);
        StrategyTrace t = new PairwiseAllPair(new Oracles.Pairwise(q, 1, 5)).rerank(q.query(), q.passages(), K).trace();
        assertEquals(CallCounts.pairwiseAllPair(N).expected(), t.calls());
        assertEquals(t.calls(), t.prompts());
    }

    @Test
    void pairwiseSortsRunBothOrdersPerCall() throws ModelException {
        Oracles.Query q = Oracles.graded(N, 6);
        StrategyTrace t = new PairwiseBubbleSort(new Oracles.Pairwise(q, 1, 6)).rerank(q.query(), q.passages(), K).trace();
        assertEquals(2 * t.calls(), t.prompts());
    }

    @Test
    void heapSortsFallWithinTheEstimatorsRange() throws ModelException {
        for (double sigma : new double[] {0, 1, 4}) {
            for (long seed = 1; seed <= 4; seed++) {
                Oracles.Query q = Oracles.distinct(N, seed);
                for (int numChild : new int[] {2, 3}) {
                    CallCount range = CallCounts.setwiseHeapSort(N, K, numChild);
                    long c = calls(new SetwiseHeapSort(new Oracles.Setwise(q, 4, sigma, seed), numChild), q);
                    assertTrue(range.min() <= c && c <= range.max(), () -> c + " outside " + range);
                }
                CallCount range = CallCounts.pairwiseHeapSort(N, K);
                long c = calls(new PairwiseHeapSort(new Oracles.Pairwise(q, sigma, seed)), q);
                assertTrue(range.min() <= c && c <= range.max(), () -> c + " outside " + range);
            }
        }
    }

    @Test
    void heapSortAttainsTheEstimatorsExtremes() throws ModelException {
        Oracles.Query q = Oracles.distinct(N, 1);
        for (int numChild : new int[] {2, 3}) {
            CallCount range = CallCounts.setwiseHeapSort(N, K, numChild);
            // always the parent: every heapify stops at its first call
            assertEquals(range.min(), calls(new SetwiseHeapSort(new Oracles.FixedLabel(0), numChild), q));
            // always the first child: every heapify sinks along the deepest path
            assertEquals(range.max(), calls(new SetwiseHeapSort(new Oracles.FixedLabel(1), numChild), q));
        }
    }
}
