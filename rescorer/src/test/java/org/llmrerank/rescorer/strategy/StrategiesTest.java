package org.llmrerank.rescorer.strategy;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.llmrerank.rescorer.ModelException;

class StrategiesTest {

    static final int K = 10;

    /** Every strategy, each over an oracle for {@code q}. */
    static Map<String, RankingStrategy> all(Oracles.Query q, double sigma, long seed) {
        Oracles.Setwise sw = new Oracles.Setwise(q, 4, sigma, seed);
        Oracles.Pairwise pw = new Oracles.Pairwise(q, sigma, seed);
        Map<String, RankingStrategy> m = new LinkedHashMap<>();
        m.put("setwise.heapsort c=3", new SetwiseHeapSort(sw, 2));
        m.put("setwise.heapsort c=4", new SetwiseHeapSort(sw, 3));
        m.put("setwise.bubblesort c=3", new SetwiseBubbleSort(sw, 2));
        m.put("setwise.bubblesort c=4", new SetwiseBubbleSort(sw, 3));
        m.put("pairwise.heapsort", new PairwiseHeapSort(pw));
        m.put("pairwise.bubblesort", new PairwiseBubbleSort(pw));
        m.put("pairwise.allpair", new PairwiseAllPair(pw));
        m.put("listwise.likelihood w4 s2 r5", new ListwiseSlidingWindow(new LikelihoodListwiseModel(sw), 4, 2, 5));
        m.put("listwise.likelihood w20 s10 r1", new ListwiseSlidingWindow(new LikelihoodListwiseModel(sw), 20, 10, 1));
        if (sigma == 0) {
            m.put("listwise.generation w20 s10 r1",
                    new ListwiseSlidingWindow(new RankGptListwiseModel(new Oracles.RankGptGenerator(q)), 20, 10, 1));
        }
        return m;
    }

    /** Positions by relevance descending, ties in first-stage order: the ideal ranking under the tie rule. */
    static int[] ideal(double[] rel) {
        return IntStream.range(0, rel.length).boxed()
                .sorted(Comparator.<Integer>comparingDouble(i -> -rel[i]).thenComparingInt(i -> i))
                .mapToInt(Integer::intValue).toArray();
    }

    static double[] relOf(int[] positions, double[] rel, int k) {
        return Arrays.stream(positions).limit(k).mapToDouble(p -> rel[p]).toArray();
    }

    @Test
    void perfectOracleGivesTheIdealTopKWithDistinctRelevance() throws ModelException {
        for (long seed = 1; seed <= 3; seed++) {
            Oracles.Query q = Oracles.distinct(100, seed);
            int[] ideal = ideal(q.relevance());
            for (var e : all(q, 0, seed).entrySet()) {
                int[] order = e.getValue().rerank(q.query(), q.passages(), K).order();
                Oracles.assertPermutation(order, 100);
                assertArrayEquals(Arrays.copyOf(ideal, K), Arrays.copyOf(order, K), e.getKey() + " seed " + seed);
            }
        }
    }

    @Test
    void perfectOracleWithGradedTiesGivesTheIdealTopKAndTiesInFirstStageOrder() throws ModelException {
        Oracles.Query q = Oracles.graded(100, 7);
        int[] ideal = ideal(q.relevance());
        for (var e : all(q, 0, 7).entrySet()) {
            int[] order = e.getValue().rerank(q.query(), q.passages(), K).order();
            Oracles.assertPermutation(order, 100);
            assertArrayEquals(relOf(ideal, q.relevance(), K), relOf(order, q.relevance(), K), e.getKey());
            assertEquals(1.0, Oracles.ndcg(order, q.relevance(), K), 1e-12, e.getKey());
            if (!e.getKey().startsWith("listwise.generation")) {
                // equal relevance falls back to first-stage order
                assertArrayEquals(Arrays.copyOf(ideal, K), Arrays.copyOf(order, K), e.getKey());
            }
        }
    }

    @Test
    void sortingStrategiesKeepFirstStageOrderBelowTopK() throws ModelException {
        Oracles.Query q = Oracles.distinct(40, 5);
        for (String name : List.of("setwise.heapsort c=3", "setwise.bubblesort c=4", "pairwise.heapsort", "pairwise.bubblesort")) {
            int[] order = all(q, 0, 5).get(name).rerank(q.query(), q.passages(), K).order();
            int[] tail = Arrays.copyOfRange(order, K, order.length);
            int[] sortedTail = tail.clone();
            Arrays.sort(sortedTail);
            assertArrayEquals(sortedTail, tail, name);
        }
    }

    @Test
    void noisyOracleGivesPermutationsAndQualityDegradesGracefully() throws ModelException {
        double[] sigmas = {0, 1, 4, 16};
        Map<String, double[]> meanNdcg = new LinkedHashMap<>();
        int queries = 6;
        for (int s = 0; s < sigmas.length; s++) {
            for (long seed = 11; seed < 11 + queries; seed++) {
                Oracles.Query q = Oracles.graded(60, seed);
                for (var e : all(q, sigmas[s], seed).entrySet()) {
                    if (e.getKey().startsWith("listwise.generation")) {
                        continue;
                    }
                    StrategyResult r = e.getValue().rerank(q.query(), q.passages(), K);
                    Oracles.assertPermutation(r.order(), 60);
                    meanNdcg.computeIfAbsent(e.getKey(), k -> new double[sigmas.length])[s] +=
                            Oracles.ndcg(r.order(), q.relevance(), K) / queries;
                }
            }
        }
        double firstStage = 0;
        for (long seed = 11; seed < 11 + queries; seed++) {
            firstStage += Oracles.ndcg(Rankings.identity(60), Oracles.graded(60, seed).relevance(), K) / queries;
        }
        for (var e : meanNdcg.entrySet()) {
            double[] v = e.getValue();
            String msg = e.getKey() + " " + Arrays.toString(v) + " first stage " + firstStage;
            assertEquals(1.0, v[0], 1e-12, msg);
            // a little noise costs a little; more noise costs more, but never below a random order by much
            assertTrue(v[1] > 0.85, msg);
            assertTrue(v[0] >= v[1] && v[1] >= v[2] - 0.02 && v[2] >= v[3] - 0.02, msg);
            assertTrue(v[3] > firstStage - 0.15, msg);
            assertTrue(v[3] < v[0], msg);
        }
    }

    @Test
    void equalJudgementsGiveEqualOrders() throws ModelException {
        Oracles.Query q = Oracles.graded(50, 3);
        for (var e : all(q, 1.5, 3).entrySet()) {
            int[] a = e.getValue().rerank(q.query(), q.passages(), K).order();
            int[] b = all(q, 1.5, 3).get(e.getKey()).rerank(q.query(), q.passages(), K).order();
            assertArrayEquals(a, b, e.getKey());
        }
    }

    @Test
    void traceSumsEveryCall() throws ModelException {
        Oracles.Query q = Oracles.distinct(30, 2);
        for (var e : all(q, 1, 2).entrySet()) {
            StrategyTrace t = e.getValue().rerank(q.query(), q.passages(), K).trace();
            double flops = t.callLog().stream().mapToDouble(c -> c.cost().estimatedFlops()).sum();
            long tokens = t.callLog().stream().mapToLong(c -> c.cost().promptTokens()).sum();
            long calls = t.callLog().stream().mapToLong(CallRecord::calls).sum();
            assertEquals(flops, t.estimatedFlops(), flops * 1e-12, e.getKey());
            assertEquals(tokens, t.promptTokens(), e.getKey());
            assertEquals(calls, t.calls(), e.getKey());
            assertTrue(t.estimatedFlops() > 0 && t.promptTokens() > 0, e.getKey());
            // the oracles cannot count executed FLOPs, so neither can the sum
            assertEquals(-1, t.countedFlops(), e.getKey());
            assertFalse(t.flopsCounted(), e.getKey());
        }
    }

    @Test
    void earlyStopIsRecordedOnlyWhenTheSortStoppedShort() throws ModelException {
        Oracles.Query q = Oracles.distinct(30, 4);
        Oracles.Setwise sw = new Oracles.Setwise(q, 4, 0, 4);
        assertTrue(new SetwiseHeapSort(sw, 2).rerank(q.query(), q.passages(), K).trace().earlyStopped());
        assertTrue(new SetwiseBubbleSort(sw, 2).rerank(q.query(), q.passages(), K).trace().earlyStopped());
        // top-k covering the whole window is a full sort: no early stop, and a full ideal order
        StrategyResult full = new SetwiseHeapSort(sw, 2).rerank(q.query(), q.passages(), 30);
        assertFalse(full.trace().earlyStopped());
        assertArrayEquals(ideal(q.relevance()), full.order());
        assertFalse(new PairwiseAllPair(new Oracles.Pairwise(q, 0, 4)).rerank(q.query(), q.passages(), K).trace().earlyStopped());
    }

    @Test
    void listwiseStabilisationExtrapolationStopsWhenTheTopKStopsChanging() throws ModelException {
        Oracles.Query q = Oracles.distinct(100, 9);
        Oracles.Setwise sw = new Oracles.Setwise(q, 4, 0, 9);
        StrategyResult r = new ListwiseSlidingWindow(new LikelihoodListwiseModel(sw), 20, 10, 5, true)
                .rerank(q.query(), q.passages(), K);
        // pass 1 already places the top-10 (w = 2s), pass 2 confirms it: 2 of 5 passes run
        assertEquals(2 * 9, r.trace().calls());
        assertTrue(r.trace().earlyStopped());
        assertTrue(r.trace().earlyStopReason().startsWith("EXTRAPOLATION"));
        assertArrayEquals(Arrays.copyOf(ideal(q.relevance()), K), Arrays.copyOf(r.order(), K));
    }

    @Test
    void smallAndDegenerateWindows() throws ModelException {
        for (int n = 0; n <= 4; n++) {
            Oracles.Query q = Oracles.distinct(n, 1);
            for (var e : all(q, 0, 1).entrySet()) {
                int[] order = e.getValue().rerank(q.query(), q.passages(), K).order();
                Oracles.assertPermutation(order, n);
                assertArrayEquals(ideal(q.relevance()), order, e.getKey() + " n=" + n);
            }
        }
    }

    @Test
    void malformedModelAnswersAreModelExceptions() {
        Oracles.Query q = Oracles.distinct(10, 1);
        SetwiseModel wrongArity = new SetwiseModel() {
            @Override
            public String name() {
                return "broken";
            }

            @Override
            public SetwiseJudgement chooseMostRelevant(String query, List<String> passages) {
                return new SetwiseJudgement(new double[] {1}, CallCost.NONE);
            }
        };
        assertThrows(ModelException.class, () -> new SetwiseHeapSort(wrongArity, 2).rerank(q.query(), q.passages(), K));
        assertThrows(ModelException.class, () -> new SetwiseBubbleSort(wrongArity, 2).rerank(q.query(), q.passages(), K));
        assertThrows(ModelException.class, () -> new ListwiseSlidingWindow(new LikelihoodListwiseModel(wrongArity), 4, 2, 1)
                .rerank(q.query(), q.passages(), K));
        assertThrows(IllegalArgumentException.class, () -> new SetwiseHeapSort(wrongArity, 23));
    }
}
