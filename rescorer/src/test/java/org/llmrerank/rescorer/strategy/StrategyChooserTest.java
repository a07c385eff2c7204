package org.llmrerank.rescorer.strategy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.llmrerank.estimator.RerankMethod;
import org.llmrerank.estimator.StrategyCost;
import org.llmrerank.rescorer.Strategy;
import org.llmrerank.rescorer.strategy.CandidateAssessment.Verdict;

class StrategyChooserTest {

    static final int K = 10;
    final Oracles.Query q = Oracles.graded(100, 21);
    final StrategySettings settings = StrategySettings.paper();
    final StrategyChooser chooser = StrategyChooser.withDefaults();

    AvailableModel flanT5Large(String family) {
        Map<String, Double> yes = new HashMap<>(q.byText());
        return AvailableModel.builder("t5", family, Oracles.T5_LARGE, Oracles.WORDS)
                .pointwise(new Oracles.Pointwise(yes), RerankMethod.POINTWISE_YES_NO)
                .setwise(new Oracles.Setwise(q, 4, 0, 1))
                .pairwise(new Oracles.Pairwise(q, 0, 1))
                .build();
    }

    /** What the chooser must compare: the estimator's worst-case prediction at this request's token counts. */
    double worstCase(RerankMethod m, int depth) {
        RequestTokens t = RequestTokens.count(Oracles.WORDS, q.query(), q.passages(), settings);
        StrategyCost c = CostPrediction.predict(Oracles.T5_LARGE, m, t, depth, K, settings);
        return c.maxFlops();
    }

    @Test
    void unlimitedBudgetPicksTheMostEffectiveStrategy() {
        AutoDecision d = chooser.choose(List.of(flanT5Large("flan-t5-large")), q.query(), q.passages(), K,
                Double.POSITIVE_INFINITY);
        assertEquals(AutoDecision.Outcome.CHOSEN, d.outcome());
        // DL19 flan-t5-large: setwise.bubblesort .678 is the best of the seven methods
        assertEquals(RerankMethod.SETWISE_BUBBLESORT, d.method());
        assertEquals(Strategy.SETWISE_BUBBLESORT, d.clauseStrategy());
        assertEquals(100, d.depth());
        assertEquals(0.678, d.expectedNdcg(), 1e-9);
        assertEquals(7, d.candidates().size());
        assertEquals(1, d.candidates().stream().filter(c -> c.verdict() == Verdict.CHOSEN).count());
    }

    @Test
    void budgetBetweenHeapsortAndBubblesortPicksHeapsort() {
        double heap = worstCase(RerankMethod.SETWISE_HEAPSORT, 100);
        double bubble = worstCase(RerankMethod.SETWISE_BUBBLESORT, 100);
        assertTrue(heap < bubble, "precondition: heapsort's worst case is below bubblesort's");
        // a depth curve under which every passage counts alike: bubblesort on a shortened window loses to heapsort on all
        StrategyChooser linear = new StrategyChooser(EffectivenessTable.dl19(), settings, BudgetFit.WORST_CASE, DepthGain.linear());
        AutoDecision d = linear.choose(List.of(flanT5Large("flan-t5-large")), q.query(), q.passages(), K, (heap + bubble) / 2);
        assertEquals(AutoDecision.Outcome.CHOSEN, d.outcome());
        assertEquals(RerankMethod.SETWISE_HEAPSORT, d.method(), d.reason());
        assertEquals(heap, d.predictedFlops(), heap * 1e-12);
        assertTrue(d.candidates().stream().anyMatch(c -> c.method() == RerankMethod.SETWISE_BUBBLESORT
                && c.verdict() == Verdict.OVER_BUDGET));

        // the measured curve (most of the gain sits in the top half): the more effective bubblesort on the deepest window that
        // fits is expected to beat heapsort on all of it, and is chosen there
        AutoDecision deep = chooser.choose(List.of(flanT5Large("flan-t5-large")), q.query(), q.passages(), K, (heap + bubble) / 2);
        assertEquals(AutoDecision.Outcome.SHALLOWER_WINDOW, deep.outcome(), deep.reason());
        assertEquals(RerankMethod.SETWISE_BUBBLESORT, deep.method(), deep.reason());
        assertTrue(deep.depth() < 100 && deep.depth() >= 50, deep.reason());
        assertTrue(deep.predictedFlops() <= (heap + bubble) / 2);
        double heapNdcg = d.expectedNdcg();
        assertTrue(deep.expectedNdcg() > heapNdcg, deep.expectedNdcg() + " vs " + heapNdcg);
    }

    @Test
    void depthCurveInterpolatesAndIsValidated() {
        DepthGain g = DepthGain.dl19();
        assertEquals(0.685, g.kept(20, 100), 1e-12);
        assertEquals((0.685 + 0.880) / 2, g.kept(35, 100), 1e-12);
        assertEquals(1.0, g.kept(85, 100), 1e-12);
        assertEquals(1.0, g.kept(100, 100), 1e-12);
        assertEquals(0.5, DepthGain.linear().kept(10, 20), 1e-12);
        assertThrows(IllegalArgumentException.class, () -> DepthGain.of(new double[] {0, 0.5, 1}, new double[] {0, 0.9, 0.8}));
        assertThrows(IllegalArgumentException.class, () -> DepthGain.of(new double[] {0, 1}, new double[] {0, 0.9}));
    }

    @Test
    void budgetBelowEveryStrategyShortensTheWindowOfTheCheapest() {
        double budget = worstCase(RerankMethod.POINTWISE_YES_NO, 50);
        AutoDecision d = chooser.choose(List.of(flanT5Large("flan-t5-large")), q.query(), q.passages(), K, budget);
        assertEquals(AutoDecision.Outcome.SHALLOWER_WINDOW, d.outcome(), d.reason());
        CandidateAssessment cheapest = d.candidates().stream()
                .min(Comparator.comparingDouble(CandidateAssessment::budgetedFlops)).orElseThrow();
        assertEquals(cheapest.method(), d.method());
        assertEquals(RerankMethod.POINTWISE_YES_NO, d.method());
        assertEquals(50, d.depth());
        assertTrue(d.predictedFlops() <= budget);
    }

    @Test
    void noBudgetKeepsFirstStageOrder() {
        AutoDecision d = chooser.choose(List.of(flanT5Large("flan-t5-large")), q.query(), q.passages(), K, 0);
        assertEquals(AutoDecision.Outcome.FIRST_STAGE_ORDER, d.outcome());
        assertFalse(d.reranks());
        assertNull(d.method());
        assertTrue(d.reason().contains("first-stage order"));
    }

    @Test
    void overridesAndUnknownFamiliesAndNonRunnableMethods() {
        StrategyChooser allpairBest = new StrategyChooser(
                EffectivenessTable.paperDl19().with("flan-t5-large", RerankMethod.PAIRWISE_ALLPAIR, 0.9),
                settings, BudgetFit.WORST_CASE);
        assertEquals(RerankMethod.PAIRWISE_ALLPAIR, allpairBest.choose(List.of(flanT5Large("flan-t5-large")), q.query(),
                q.passages(), K, Double.POSITIVE_INFINITY).method());

        AutoDecision unknown = chooser.choose(List.of(flanT5Large("my-own-t5")), q.query(), q.passages(), K,
                Double.POSITIVE_INFINITY);
        assertTrue(unknown.candidates().get(0).ndcgSource().startsWith("method prior"));
        assertTrue(unknown.reranks());

        // an encoder cannot be registered with a generative capability
        assertThrows(IllegalArgumentException.class, () -> AvailableModel.builder("bge", "bge-small", Oracles.BGE_SMALL,
                Oracles.WORDS).setwise(new Oracles.Setwise(q, 4, 0, 1)).build());
        // a bi-encoder has no paper figure: auto will not spend FLOPs on it without a measured one
        AvailableModel bge = AvailableModel.builder("bge", "bge-small", Oracles.BGE_SMALL, Oracles.WORDS)
                .pointwise(new Oracles.Pointwise(q.byText()), RerankMethod.POINTWISE_EMBEDDING).build();
        AutoDecision d = new StrategyChooser(EffectivenessTable.paperDl19(), settings, BudgetFit.WORST_CASE)
                .choose(List.of(bge), q.query(), q.passages(), K, Double.POSITIVE_INFINITY);
        assertEquals(Verdict.NO_EFFECTIVENESS_FIGURE, d.candidates().get(0).verdict());
        assertEquals(AutoDecision.Outcome.FIRST_STAGE_ORDER, d.outcome());
        AutoDecision measured = new StrategyChooser(EffectivenessTable.paperDl19()
                .with("bge-small", RerankMethod.POINTWISE_EMBEDDING, 0.62), settings, BudgetFit.WORST_CASE)
                .choose(List.of(bge), q.query(), q.passages(), K, Double.POSITIVE_INFINITY);
        assertEquals(RerankMethod.POINTWISE_EMBEDDING, measured.method());
        // the default table carries the shipped bi-encoders' DL19 figures, measured here
        AvailableModel shipped = AvailableModel.builder("bge-small", "bge-small-en-v1.5", Oracles.BGE_SMALL, Oracles.WORDS)
                .pointwise(new Oracles.Pointwise(q.byText()), RerankMethod.POINTWISE_EMBEDDING).build();
        AutoDecision byDefault = chooser.choose(List.of(shipped), q.query(), q.passages(), K, Double.POSITIVE_INFINITY);
        assertEquals(0.6952, byDefault.expectedNdcg(), 1e-12);
        assertTrue(byDefault.candidates().get(0).ndcgSource().startsWith("measured here"));
    }

    @Test
    void chosenStrategyRunsOnTheChosenDepth() throws Exception {
        AvailableModel m = flanT5Large("flan-t5-large");
        double budget = worstCase(RerankMethod.POINTWISE_YES_NO, 50);
        AutoDecision d = chooser.choose(List.of(m), q.query(), q.passages(), K, budget);
        StrategyResult r = m.strategy(d.method(), settings).rerank(q.query(), q.passages().subList(0, d.depth()), K);
        Oracles.assertPermutation(r.order(), d.depth());
    }
}
