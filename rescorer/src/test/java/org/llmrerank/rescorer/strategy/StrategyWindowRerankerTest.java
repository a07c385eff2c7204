package org.llmrerank.rescorer.strategy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.llmrerank.estimator.RerankMethod;
import org.llmrerank.rescorer.PointwiseScores;
import org.llmrerank.rescorer.RerankModel;
import org.llmrerank.rescorer.RerankOutcome;
import org.llmrerank.rescorer.Strategy;
import org.llmrerank.rescorer.StrategyWindowReranker;
import org.llmrerank.routing.Cancellation;
import org.junit.jupiter.api.Test;

/** The path the clause takes: a fixed or auto strategy over a window with text-less passages, under budgets. */
class StrategyWindowRerankerTest {

    static final int K = 10;
    final Oracles.Query q = Oracles.graded(30, 5);
    final StrategyWindowReranker reranker = StrategyWindowReranker.withDefaults();

    /** A deterministic perfect language model (stand-in): pointwise yes_no, setwise and pairwise from the relevance grades. */
    RerankModel perfectLm() {
        AvailableModel caps = AvailableModel.builder("oracle-lm", "flan-t5-large", Oracles.T5_LARGE, Oracles.WORDS)
            .pointwise(new Oracles.Pointwise(q.byText()), RerankMethod.POINTWISE_YES_NO)
            .setwise(new Oracles.Setwise(q, 4, 0, 1))
            .pairwise(new Oracles.Pairwise(q, 0, 1))
            .build();
        return new RerankModel() {
            @Override
            public String name() {
                return "oracle-lm";
            }

            @Override
            public PointwiseScores scorePointwise(String query, List<String> passages) throws org.llmrerank.rescorer.ModelException {
                return caps.pointwise().scorePointwise(query, passages);
            }

            @Override
            public Optional<AvailableModel> capabilities() {
                return Optional.of(caps);
            }
        };
    }

    /** The window as the plugin sees it: position 3 has no text. */
    List<String> window() {
        List<String> w = new ArrayList<>(q.passages());
        w.set(3, null);
        return w;
    }

    @Test
    void fixedSetwiseHeapsortPutsTheIdealTopKFirstAndTextlessLast() throws Exception {
        RerankOutcome o = reranker.rerank(perfectLm(), Strategy.SETWISE_HEAPSORT, q.query(), window(), K, Double.POSITIVE_INFINITY,
            new Cancellation());
        Oracles.assertPermutation(o.order(), 30);
        assertEquals(Strategy.SETWISE_HEAPSORT, o.strategy());
        assertEquals("setwise.heapsort", o.report().ran());
        assertTrue(o.report().rankScores());
        assertTrue(o.report().earlyStopped(), "heapsort stops once the top 10 are placed");
        assertEquals(3, o.order()[29], "the passage without text follows every judged one");
        // the top 10 by grade among passages with text, in any order of equal grades
        double[] rel = q.relevance();
        List<Double> top = new ArrayList<>();
        for (int i = 0; i < K; i++) {
            top.add(rel[o.order()[i]]);
        }
        List<Double> ideal = new ArrayList<>();
        for (int i = 0; i < rel.length; i++) {
            if (i != 3) {
                ideal.add(rel[i]);
            }
        }
        ideal.sort(java.util.Comparator.reverseOrder());
        assertEquals(ideal.subList(0, K), top);
        assertTrue(o.estimatedFlops() > 0);
    }

    @Test
    void autoPicksTheMostEffectiveUnderNoBudgetAndAShallowerWindowUnderATightOne() throws Exception {
        RerankOutcome free = reranker.rerank(perfectLm(), Strategy.AUTO, q.query(), window(), K, Double.POSITIVE_INFINITY, new Cancellation());
        assertEquals("chosen", free.report().autoOutcome());
        assertEquals(Strategy.SETWISE_BUBBLESORT, free.strategy(), "flan-t5-large's best DL19 method in the papers' table");
        assertFalse(free.report().switchedUnderBudget());
        double fullCost = free.report().predictedFlops();

        RerankOutcome tight = reranker.rerank(perfectLm(), Strategy.AUTO, q.query(), window(), K, fullCost / 50, new Cancellation());
        assertTrue(tight.report().predictedFlops() <= fullCost / 50, tight.report().toString());
        assertTrue(tight.report().switchedUnderBudget() || tight.strategy() != Strategy.SETWISE_BUBBLESORT, tight.report().toString());
        Oracles.assertPermutation(tight.order(), 30);

        RerankOutcome none = reranker.rerank(perfectLm(), Strategy.AUTO, q.query(), window(), K, 1, new Cancellation());
        assertEquals("first_stage_order", none.report().autoOutcome());
        assertNull(none.report().ran());
        assertEquals(0, none.scoredDocs());
        for (int i = 0; i < 30; i++) {
            assertEquals(i, none.order()[i], "nothing ran: first-stage order");
        }
    }

    @Test
    void fixedSortingStrategyUnderABudgetRunsOnTheDeepestWindowThatFits() throws Exception {
        RerankOutcome full = reranker.rerank(perfectLm(), Strategy.SETWISE_BUBBLESORT, q.query(), window(), K, Double.POSITIVE_INFINITY,
            new Cancellation());
        RerankOutcome cut = reranker.rerank(perfectLm(), Strategy.SETWISE_BUBBLESORT, q.query(), window(), K,
            full.report().predictedFlops() / 3, new Cancellation());
        assertTrue(cut.report().depth() < 29 && cut.report().depth() >= 2, cut.report().toString());
        assertTrue(cut.report().predictedFlops() <= full.report().predictedFlops() / 3);
        // passages below the reranked depth keep their first-stage order after the reranked ones
        int depth = cut.report().depth();
        int[] o = cut.order();
        for (int i = depth + 1; i < 29; i++) {
            assertTrue(o[i] > o[i - 1] || o[i - 1] < depth + 1, "tail in first-stage order: " + java.util.Arrays.toString(o));
        }
        RerankOutcome nothing = reranker.rerank(perfectLm(), Strategy.SETWISE_BUBBLESORT, q.query(), window(), K, 1, new Cancellation());
        assertNull(nothing.report().ran());
        assertEquals(0, nothing.scoredDocs());
    }

    @Test
    void aStrategyTheModelCannotRunIsAModelErrorNamingIt() {
        RerankModel bi = new Oracles.Pointwise(q.byText()) {
            @Override
            public Optional<AvailableModel> capabilities() {
                return Optional.of(AvailableModel.builder("bge", "bge-small-en-v1.5", Oracles.BGE_SMALL, Oracles.WORDS)
                    .pointwise(this, RerankMethod.POINTWISE_EMBEDDING).build());
            }
        };
        var e = org.junit.jupiter.api.Assertions.assertThrows(org.llmrerank.rescorer.ModelException.class,
            () -> reranker.rerank(bi, Strategy.SETWISE_HEAPSORT, q.query(), window(), K, Double.POSITIVE_INFINITY, new Cancellation()));
        assertTrue(e.getMessage().contains("setwise.heapsort"), e.getMessage());
    }

    @Test
    void autoOnABiEncoderIsPointwiseEmbeddingWithTheExactPerPassageFit() throws Exception {
        Map<String, Double> scores = q.byText();
        RerankModel bi = new Oracles.Pointwise(scores) {
            @Override
            public Optional<AvailableModel> capabilities() {
                return Optional.of(AvailableModel.builder("bge", "bge-small-en-v1.5", Oracles.BGE_SMALL, Oracles.WORDS)
                    .pointwise(this, RerankMethod.POINTWISE_EMBEDDING).build());
            }
        };
        RerankOutcome o = reranker.rerank(bi, Strategy.AUTO, q.query(), window(), K, Double.POSITIVE_INFINITY, new Cancellation());
        assertEquals(Strategy.POINTWISE_EMBEDDING, o.strategy());
        assertEquals("chosen", o.report().autoOutcome());
        assertFalse(o.report().rankScores());
        assertEquals(29, o.scoredDocs());
    }

    @Test
    void passagesABudgetCutFromAutosDepthStillCountAsHavingText() throws Exception {
        RerankModel bi = new Oracles.Pointwise(q.byText()) {
            @Override
            public Optional<AvailableModel> capabilities() {
                return Optional.of(AvailableModel.builder("bge", "bge-small-en-v1.5", Oracles.BGE_SMALL, Oracles.WORDS)
                    .pointwise(this, RerankMethod.POINTWISE_EMBEDDING).build());
            }
        };
        double full = reranker.rerank(bi, Strategy.AUTO, q.query(), window(), K, Double.POSITIVE_INFINITY, new Cancellation())
            .estimatedFlops();
        RerankOutcome cut = reranker.rerank(bi, Strategy.AUTO, q.query(), window(), K, full / 3, new Cancellation());
        assertTrue(cut.scoredDocs() > 0 && cut.scoredDocs() < 29, cut.report().toString());
        // 29 of the 30 passages have text whatever the budget let the model judge; only position 3 has none
        assertEquals(29, cut.budget().passagesWithText());
        assertEquals(cut.scoredDocs(), cut.budget().passagesThatFit());
        assertTrue(cut.budget().shortened());
    }

    @Test
    void aDeadlineStopsASortBetweenCalls() {
        Cancellation deadline = new Cancellation();
        Oracles.Setwise inner = new Oracles.Setwise(q, 4, 0, 1);
        SetwiseModel cancelsOnThirdCall = new SetwiseModel() {
            @Override
            public String name() {
                return "oracle-setwise";
            }

            @Override
            public SetwiseJudgement chooseMostRelevant(String query, List<String> passages) throws org.llmrerank.rescorer.ModelException {
                if (inner.calls.get() == 2) {
                    deadline.cancel(); // the deadline fires while the third call runs
                }
                return inner.chooseMostRelevant(query, passages);
            }
        };
        AvailableModel caps = AvailableModel.builder("oracle-lm", "flan-t5-large", Oracles.T5_LARGE, Oracles.WORDS)
            .setwise(cancelsOnThirdCall).build();
        RerankModel lm = new Oracles.Pointwise(q.byText()) {
            @Override
            public Optional<AvailableModel> capabilities() {
                return Optional.of(caps);
            }
        };
        var e = org.junit.jupiter.api.Assertions.assertThrows(org.llmrerank.rescorer.ModelException.class,
            () -> reranker.rerank(lm, Strategy.SETWISE_HEAPSORT, q.query(), window(), K, Double.POSITIVE_INFINITY, deadline));
        assertTrue(e.getMessage().contains("cancelled"), e.getMessage());
        assertEquals(3, inner.calls.get(), "the call in progress ends, no fourth starts");
    }
}
