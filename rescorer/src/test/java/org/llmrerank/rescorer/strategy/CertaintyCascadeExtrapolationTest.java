package org.llmrerank.rescorer.strategy;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.llmrerank.estimator.RerankMethod;
import org.llmrerank.rescorer.ModelException;

class CertaintyCascadeExtrapolationTest {

    static final int K = 10;
    final Oracles.Query q = Oracles.distinct(60, 33);
    final int[] ideal = StrategiesTest.ideal(q.relevance());

    /** Stage-0 scores: the ideal ranking's score by rank, given as a function of rank. */
    Map<String, Double> scoresByRank(java.util.function.IntToDoubleFunction scoreOfRank) {
        Map<String, Double> m = new HashMap<>();
        for (int r = 0; r < ideal.length; r++) {
            m.put(q.passages().get(ideal[r]), scoreOfRank.applyAsDouble(r));
        }
        return m;
    }

    CertaintyCascadeExtrapolation cascade(Map<String, Double> stage0Scores, Oracles.Setwise setwise) {
        AvailableModel bi = AvailableModel.builder("bi", "bge-small", Oracles.BGE_SMALL, Oracles.WORDS)
                .pointwise(new Oracles.Pointwise(stage0Scores), RerankMethod.POINTWISE_EMBEDDING).build();
        AvailableModel t5 = AvailableModel.builder("t5", "flan-t5-large", Oracles.T5_LARGE, Oracles.WORDS)
                .setwise(setwise).build();
        return new CertaintyCascadeExtrapolation(new CascadeStage(bi, RerankMethod.POINTWISE_EMBEDDING),
                List.of(new CascadeStage(t5, RerankMethod.SETWISE_HEAPSORT)), CascadeThresholds.uncalibrated(),
                StrategySettings.paper(), BudgetFit.WORST_CASE);
    }

    @Test
    void stopsAfterTheCheapStageWhenTheBoundaryIsCertain() throws ModelException {
        // a wide gap between rank 9 and rank 10
        Map<String, Double> s = scoresByRank(r -> r < K ? 1.0 - 0.01 * r : 0.3 - 0.001 * r);
        Oracles.Setwise setwise = new Oracles.Setwise(q, 4, 0, 1);
        CascadeResult r = cascade(s, setwise).rerank(q.query(), q.passages(), K, Double.POSITIVE_INFINITY);
        assertEquals(1, r.decisions().size());
        assertEquals(CascadeDecision.Next.STOP_CERTAIN, r.decisions().get(0).next());
        assertTrue(r.stoppedEarly());
        assertEquals(0, r.refinements());
        assertEquals(0, setwise.calls.get());
        assertArrayEquals(Arrays.copyOf(ideal, K), Arrays.copyOf(r.order(), K));
        Oracles.assertPermutation(r.order(), 60);
    }

    @Test
    void refinesOnlyTheUncertainBandAndThenStops() throws ModelException {
        // ranks 6..14 score the same: stage 0 cannot tell which of them belong in the top-10
        Map<String, Double> s = scoresByRank(r -> r < 6 ? 1.0 - 0.01 * r : r < 15 ? 0.5 : 0.2 - 0.001 * r);
        // the flat group's stage-0 order is the first-stage order, which is wrong: the refinement must fix it
        int[] flat = Arrays.copyOfRange(ideal, 6, 15);
        Arrays.sort(flat);
        assertTrue(!Arrays.equals(Arrays.copyOfRange(ideal, 6, 10), Arrays.copyOf(flat, 4)), "precondition");
        Oracles.Setwise setwise = new Oracles.Setwise(q, 8, 0, 1);
        CascadeResult r = cascade(s, setwise).rerank(q.query(), q.passages(), K, Double.POSITIVE_INFINITY);
        assertEquals(2, r.decisions().size(), r.decisions().toString());
        CascadeDecision first = r.decisions().get(0);
        assertEquals(CascadeDecision.Next.REFINE, first.next());
        assertEquals(6, first.bandStart());
        assertEquals(15, first.bandEnd());
        CascadeDecision refine = r.decisions().get(1);
        assertEquals(CascadeDecision.Next.STOP_CERTAIN, refine.next(), refine.reason());
        assertTrue(setwise.calls.get() > 0);
        // only band passages were sent to the expensive model
        java.util.Set<String> band = new java.util.HashSet<>();
        for (int i = 6; i < 15; i++) {
            band.add(q.passages().get(ideal[i]));
        }
        assertTrue(band.containsAll(setwise.seen) && !setwise.seen.isEmpty());
        assertArrayEquals(Arrays.copyOf(ideal, K), Arrays.copyOf(r.order(), K));
        Oracles.assertPermutation(r.order(), 60);
        assertEquals(first.trace().estimatedFlops() + refine.trace().estimatedFlops(), r.estimatedFlops(), 1);
    }

    @Test
    void uncertainButOutOfBudgetStopsWithTheCheapOrder() throws ModelException {
        Map<String, Double> s = scoresByRank(r -> r < 6 ? 1.0 - 0.01 * r : r < 15 ? 0.5 : 0.2 - 0.001 * r);
        Oracles.Setwise setwise = new Oracles.Setwise(q, 8, 0, 1);
        // stage 0's worst case fits; nothing is left for a setwise call
        RequestTokens t = RequestTokens.count(Oracles.WORDS, q.query(), q.passages(), StrategySettings.paper());
        double stage0 = CostPrediction.predict(Oracles.BGE_SMALL, RerankMethod.POINTWISE_EMBEDDING, t, 60, K,
                StrategySettings.paper()).maxFlops();
        CascadeResult r = cascade(s, setwise).rerank(q.query(), q.passages(), K, stage0 * 1.01);
        assertEquals(CascadeDecision.Next.STOP_BUDGET, r.decisions().get(r.decisions().size() - 1).next());
        assertEquals(0, setwise.calls.get());
        assertTrue(r.estimatedFlops() <= stage0 * 1.01);
        Oracles.assertPermutation(r.order(), 60);
    }

    @Test
    void noisyRefinementStaysUncertainAndSaysSo() throws ModelException {
        Map<String, Double> s = scoresByRank(r -> r < 6 ? 1.0 - 0.01 * r : r < 15 ? 0.5 : 0.2 - 0.001 * r);
        // a blunt model: near-uniform label distributions
        Oracles.Setwise blunt = new Oracles.Setwise(q, 0.001, 0, 1);
        CascadeResult r = cascade(s, blunt).rerank(q.query(), q.passages(), K, Double.POSITIVE_INFINITY);
        CascadeDecision last = r.decisions().get(r.decisions().size() - 1);
        assertEquals(CascadeDecision.Next.STOP_STAGES_EXHAUSTED, last.next(), last.reason());
        assertTrue(last.certainty() < 0.5);
        Oracles.assertPermutation(r.order(), 60);
    }

    @Test
    void boundaryCertaintyArithmetic() {
        BoundaryCertainty wide = BoundaryCertainty.of(new float[] {1f, 0.9f, 0.1f, 0f}, 2, 0.05);
        assertTrue(wide.certain());
        assertEquals(0.8, wide.margin(), 1e-6);
        BoundaryCertainty narrow = BoundaryCertainty.of(new float[] {1f, 0.52f, 0.5f, 0.48f, 0f}, 2, 0.05);
        assertEquals(1, narrow.bandStart());
        assertEquals(4, narrow.bandEnd());
        assertEquals(0.2, narrow.certainty(), 1e-6);
        BoundaryCertainty flat = BoundaryCertainty.of(new float[] {0.3f, 0.3f, 0.3f}, 1, 0.05);
        assertEquals(0, flat.bandStart());
        assertEquals(3, flat.bandEnd());
        assertTrue(BoundaryCertainty.of(new float[] {0.3f}, 10, 0.05).certain());
    }
}
