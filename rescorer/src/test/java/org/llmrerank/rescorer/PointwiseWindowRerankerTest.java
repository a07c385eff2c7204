package org.llmrerank.rescorer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class PointwiseWindowRerankerTest {

    /** Scores a passage by the number parsed from its text; counts passages it was asked about. */
    static class NumberModel implements RerankModel {
        final AtomicInteger seen = new AtomicInteger();

        @Override
        public String name() {
            return "number";
        }

        @Override
        public Set<Strategy> supportedStrategies() {
            return Set.of(Strategy.POINTWISE);
        }

        @Override
        public PointwiseScores scorePointwise(String query, List<String> passages) {
            float[] s = new float[passages.size()];
            for (int i = 0; i < s.length; i++) {
                s[i] = Float.parseFloat(passages.get(i));
            }
            seen.addAndGet(passages.size());
            return new PointwiseScores(s, 5.0 + 10.0 * passages.size(), -1, passages.size());
        }

        @Override
        public java.util.Optional<PointwiseCost> estimatePointwise(String query, List<String> passages) {
            double[] each = new double[passages.size()];
            Arrays.fill(each, 10.0);
            return java.util.Optional.of(new PointwiseCost(5.0, each));
        }
    }

    @Test
    void ordersByScoreTiesKeepFirstStageOrderMissingTextLast() throws Exception {
        NumberModel m = new NumberModel();
        List<String> texts = Arrays.asList("0.1", null, "0.9", "0.5", "", "0.9", "  ");
        RerankOutcome o = PointwiseWindowReranker.rerank(m, Strategy.POINTWISE_EMBEDDING, "q", texts);
        assertArrayEquals(new int[] {2, 5, 3, 0, 1, 4, 6}, o.order());
        assertEquals(4, o.scoredDocs());
        assertEquals(4, m.seen.get(), "passages without text are never sent to the model");
        assertTrue(Float.isNaN(o.modelScores()[1]));
        assertEquals(45.0, o.estimatedFlops());
    }

    @Test
    void randomInputsAlwaysGiveAPermutationSortedByScore() throws Exception {
        Random r = new Random(42);
        for (int iter = 0; iter < 200; iter++) {
            int n = 1 + r.nextInt(60);
            String[] t = new String[n];
            for (int i = 0; i < n; i++) {
                t[i] = r.nextInt(8) == 0 ? null : Float.toString(r.nextInt(5) / 4f);
            }
            RerankOutcome o = PointwiseWindowReranker.rerank(new NumberModel(), Strategy.POINTWISE, "q", Arrays.asList(t));
            int[] sorted = o.order().clone();
            Arrays.sort(sorted);
            for (int i = 0; i < n; i++) {
                assertEquals(i, sorted[i], "not a permutation");
            }
            for (int i = 1; i < n; i++) {
                float a = o.modelScores()[o.order()[i - 1]];
                float b = o.modelScores()[o.order()[i]];
                if (Float.isNaN(a) == false && Float.isNaN(b) == false) {
                    assertTrue(a > b || (a == b && o.order()[i - 1] < o.order()[i]), "order broken at " + i);
                } else {
                    assertTrue(Float.isNaN(b), "an unscored passage precedes a scored one");
                }
            }
        }
    }

    @Test
    void budgetShortensTheWindowFromTheBottom() throws Exception {
        NumberModel m = new NumberModel();
        List<String> texts = Arrays.asList("0.1", null, "0.9", "0.5", "0.7");
        // 5 fixed + 10 per passage: 25 fits the first two passages with text ("0.1" and "0.9")
        RerankOutcome o = PointwiseWindowReranker.rerank(m, Strategy.POINTWISE, "q", texts, 25);
        assertArrayEquals(new int[] {2, 0, 1, 3, 4}, o.order());
        assertEquals(2, o.budget().passagesThatFit());
        assertEquals(4, o.budget().passagesWithText());
        assertTrue(o.budget().shortened());
        assertTrue(o.estimatedFlops() <= 25, "spent within the budget");
        RerankOutcome none = PointwiseWindowReranker.rerank(m, Strategy.POINTWISE, "q", texts, 14);
        assertEquals(0, none.scoredDocs());
        assertArrayEquals(new int[] {0, 1, 2, 3, 4}, none.order(), "nothing judged: first-stage order");
        assertEquals(2, m.seen.get(), "the model was called once, for two passages");
    }

    @Test
    void wrongScoreCountIsAModelError() {
        RerankModel broken = new NumberModel() {
            @Override
            public PointwiseScores scorePointwise(String query, List<String> passages) {
                return new PointwiseScores(new float[1], 0, -1, 0);
            }
        };
        assertThrows(ModelException.class, () -> PointwiseWindowReranker.rerank(broken, Strategy.POINTWISE, "q", List.of("1", "2")));
    }

    @Test
    void flopsBudgetParsing() {
        assertEquals(5e12, FlopsBudget.parse("5tf"));
        assertEquals(2.5e15, FlopsBudget.parse("2.5PF"));
        assertEquals(3e9, FlopsBudget.parse("3 gflops"));
        assertEquals(1e12, FlopsBudget.parse("1e12"));
        assertEquals(0.0, FlopsBudget.parse("0"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> FlopsBudget.parse("-1tf"));
        assertTrue(e.getMessage().contains("negative"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> FlopsBudget.parse("lots"));
        assertThrows(IllegalArgumentException.class, () -> FlopsBudget.parse("5xf"));
        assertEquals("5tf", FlopsBudget.format(5e12));
        assertEquals("2.5pf", FlopsBudget.format(2.5e15));
        assertEquals("123.5", FlopsBudget.format(123.456));
    }
}
