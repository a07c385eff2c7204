package org.llmrerank.rescorer.strategy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.llmrerank.estimator.RerankMethod;
import org.llmrerank.rescorer.ModelException;
import org.llmrerank.rescorer.RerankModel;
import org.llmrerank.rescorer.Strategy;
import org.llmrerank.rescorer.StrategyDecision;
import org.llmrerank.rescorer.WindowPlan;
import org.llmrerank.rescorer.WindowPlanner;

/** What the window reranker decides to run, decided without running a model (the oracles count every call). */
class WindowPlannerTest {

    static final int K = 10;
    final Oracles.Query q = Oracles.graded(30, 5);
    final WindowPlanner planner = new WindowPlanner(StrategyChooser.withDefaults(), StrategySettings.paper(), BudgetFit.WORST_CASE);
    final Oracles.Pointwise scorer = new Oracles.Pointwise(q.byText());
    final Oracles.Setwise setwise = new Oracles.Setwise(q, 4, 0, 1);

    RerankModel withCapabilities(String name, AvailableModel caps) {
        return new Oracles.Pointwise(q.byText()) {
            @Override
            public String name() {
                return name;
            }

            @Override
            public Optional<AvailableModel> capabilities() {
                return Optional.of(caps);
            }
        };
    }

    RerankModel lm() {
        return withCapabilities("oracle-lm", AvailableModel.builder("oracle-lm", "flan-t5-large", Oracles.T5_LARGE, Oracles.WORDS)
            .pointwise(scorer, RerankMethod.POINTWISE_YES_NO).setwise(setwise).build());
    }

    RerankModel biEncoder() {
        return withCapabilities("bge", AvailableModel.builder("bge", "bge-small-en-v1.5", Oracles.BGE_SMALL, Oracles.WORDS)
            .pointwise(scorer, RerankMethod.POINTWISE_EMBEDDING).build());
    }

    /** Position 3 has no text. */
    List<String> window() {
        List<String> w = new ArrayList<>(q.passages());
        w.set(3, null);
        return w;
    }

    void assertNoModelCall() {
        assertEquals(0, scorer.calls.get(), "planning scores nothing");
        assertEquals(0, setwise.calls.get(), "planning sorts nothing");
    }

    @Test
    void aFixedPointwiseStrategyRunsAsRequested() throws Exception {
        RerankModel lm = lm();
        WindowPlan plan = planner.plan(List.of(lm), Strategy.POINTWISE_YES_NO, q.query(), window(), K, 1);
        WindowPlan.PointwiseAsRequested p = assertInstanceOf(WindowPlan.PointwiseAsRequested.class, plan);
        assertSame(lm, p.model());
        assertEquals(Strategy.POINTWISE_YES_NO, p.strategy());
        assertNoModelCall();
    }

    @Test
    void autoOnAModelWithoutCapabilitiesIsItsPointwiseMethod() throws Exception {
        WindowPlan plan = planner.plan(List.of(scorer), Strategy.AUTO, q.query(), window(), K, Double.POSITIVE_INFINITY);
        assertEquals(Strategy.POINTWISE_EMBEDDING, assertInstanceOf(WindowPlan.PointwiseAsRequested.class, plan).strategy());
        RerankModel plain = new RerankModel() {
            @Override
            public String name() {
                return "plain";
            }

            @Override
            public org.llmrerank.rescorer.PointwiseScores scorePointwise(String query, List<String> passages) {
                throw new AssertionError("not called");
            }
        };
        ModelException e = assertThrows(ModelException.class,
            () -> planner.plan(List.of(plain), Strategy.AUTO, q.query(), window(), K, Double.POSITIVE_INFINITY));
        assertTrue(e.getMessage().contains("no pointwise strategy"), e.getMessage());
        assertNoModelCall();
    }

    @Test
    void autoWithOneMethodAndNoBudgetHasNothingToChoose() throws Exception {
        WindowPlan plan = planner.plan(List.of(biEncoder()), Strategy.AUTO, q.query(), window(), K, Double.POSITIVE_INFINITY);
        WindowPlan.ScorePointwise p = assertInstanceOf(WindowPlan.ScorePointwise.class, plan);
        assertSame(scorer, p.scorer());
        assertEquals(new StrategyDecision("bge", Strategy.AUTO, RerankMethod.POINTWISE_EMBEDDING, "chosen",
            "the model's only method, no budget", 29, Double.NaN), p.decision());
        assertEquals(29, p.window().size());
        assertNoModelCall();
    }

    @Test
    void autoWithFewerThanTwoPassagesScoresWhatThereIs() throws Exception {
        List<String> one = new ArrayList<>(window().subList(0, 5));
        one.replaceAll(t -> t == one.get(1) ? t : null);
        WindowPlan plan = planner.plan(List.of(lm()), Strategy.AUTO, q.query(), one, K, 1e12);
        WindowPlan.ScorePointwise p = assertInstanceOf(WindowPlan.ScorePointwise.class, plan);
        assertEquals("fewer than two passages with text: pointwise", p.decision().reason());
        assertEquals(List.of(1), p.window().positions());
        assertNoModelCall();
    }

    @Test
    void aFixedSortUnderABudgetGetsTheDeepestWindowThatFits() throws Exception {
        WindowPlan.Sort full = assertInstanceOf(WindowPlan.Sort.class,
            planner.plan(List.of(lm()), Strategy.SETWISE_HEAPSORT, q.query(), window(), K, Double.POSITIVE_INFINITY));
        assertEquals(29, full.decision().depth());
        assertEquals("setwise.heapsort as requested", full.decision().reason());
        assertNull(full.decision().autoOutcome());

        WindowPlan.Sort cut = assertInstanceOf(WindowPlan.Sort.class,
            planner.plan(List.of(lm()), Strategy.SETWISE_HEAPSORT, q.query(), window(), K, full.decision().predictedFlops() / 2));
        int depth = cut.decision().depth();
        assertTrue(depth >= 2 && depth < 29, cut.decision().toString());
        assertTrue(cut.decision().predictedFlops() <= full.decision().predictedFlops() / 2);
        assertEquals("setwise.heapsort as requested, on the top " + depth + " passages that fit the budget", cut.decision().reason());
        // one more passage would not have fit
        WindowPlan.Sort exact = assertInstanceOf(WindowPlan.Sort.class,
            planner.plan(List.of(lm()), Strategy.SETWISE_HEAPSORT, q.query(), window(), K, cut.decision().predictedFlops()));
        assertEquals(depth, exact.decision().depth());
        assertNoModelCall();
    }

    @Test
    void whenNotEvenTwoPassagesFitNothingRuns() throws Exception {
        WindowPlan.FirstStage p = assertInstanceOf(WindowPlan.FirstStage.class,
            planner.plan(List.of(lm()), Strategy.SETWISE_BUBBLESORT, q.query(), window(), K, 1));
        assertEquals(StrategyDecision.nothing(Strategy.SETWISE_BUBBLESORT, null, "not even two passages fit the budget with setwise.bubblesort"),
            p.decision());
        assertEquals(30, p.windowSize());
        assertEquals(29, p.passagesWithText());

        WindowPlan.FirstStage auto = assertInstanceOf(WindowPlan.FirstStage.class,
            planner.plan(List.of(lm()), Strategy.AUTO, q.query(), window(), K, 1));
        assertEquals("first_stage_order", auto.decision().autoOutcome());
        assertNoModelCall();
    }

    @Test
    void autoRunsTheModelTheChooserPicked() throws Exception {
        RerankModel bge = biEncoder();
        WindowPlan plan = planner.plan(List.of(lm(), bge), Strategy.AUTO, q.query(), window(), K, Double.POSITIVE_INFINITY);
        WindowPlan.ScorePointwise p = assertInstanceOf(WindowPlan.ScorePointwise.class, plan,
            "bge-small's measured DL19 NDCG@10 beats every flan-t5-large method in the papers' table");
        assertEquals("bge", p.decision().model());
        assertSame(bge, p.scorer(), "the chosen model scores, not the first");
        assertEquals(RerankMethod.POINTWISE_EMBEDDING, p.decision().method());
        assertEquals("chosen", p.decision().autoOutcome());
        assertEquals(29, p.decision().depth());

        WindowPlan.Sort sort = assertInstanceOf(WindowPlan.Sort.class,
            planner.plan(List.of(lm()), Strategy.AUTO, q.query(), window(), K, Double.POSITIVE_INFINITY));
        assertEquals(RerankMethod.SETWISE_BUBBLESORT, sort.decision().method(), "flan-t5-large's best DL19 method in the papers' table");
        assertEquals("oracle-lm", sort.model().name());
        assertNoModelCall();
    }

    @Test
    void aStrategyTheModelCannotRunIsAModelErrorNamingWhatItRuns() {
        ModelException e = assertThrows(ModelException.class,
            () -> planner.plan(List.of(biEncoder()), Strategy.PAIRWISE_HEAPSORT, q.query(), window(), K, Double.POSITIVE_INFINITY));
        assertEquals("model [bge] cannot run pairwise.heapsort; it runs [pointwise.embedding]", e.getMessage());
        assertThrows(IllegalArgumentException.class,
            () -> planner.plan(List.of(), Strategy.AUTO, q.query(), window(), K, Double.POSITIVE_INFINITY));
    }
}
