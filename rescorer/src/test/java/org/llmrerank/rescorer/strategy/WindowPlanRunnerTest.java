package org.llmrerank.rescorer.strategy;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.llmrerank.estimator.RerankMethod;
import org.llmrerank.rescorer.ModelException;
import org.llmrerank.rescorer.RerankOutcome;
import org.llmrerank.rescorer.Strategy;
import org.llmrerank.rescorer.StrategyDecision;
import org.llmrerank.rescorer.StrategyReport;
import org.llmrerank.rescorer.TextWindow;
import org.llmrerank.rescorer.WindowPlan;
import org.llmrerank.rescorer.WindowPlanRunner;
import org.llmrerank.routing.Cancellation;

/** Running a plan on the calling thread, with a fake clock: what ran, in which order, and how it is reported. */
class WindowPlanRunnerTest {

    final Oracles.Query q = Oracles.distinct(8, 11);
    final AtomicLong clock = new AtomicLong(1_000);
    final WindowPlanRunner runner = new WindowPlanRunner(StrategySettings.paper(), () -> clock.getAndAdd(250));

    /** Positions 2 and 5 have no text. */
    List<String> window() {
        List<String> w = new ArrayList<>(q.passages());
        w.set(2, null);
        w.set(5, "  ");
        return w;
    }

    @Test
    void aSortGivesRankDerivedScoresAndTheRestFollowsInFirstStageOrder() throws Exception {
        Oracles.Setwise setwise = new Oracles.Setwise(q, 4, 0, 1);
        AvailableModel caps = AvailableModel.builder("lm", "flan-t5-large", Oracles.T5_LARGE, Oracles.WORDS).setwise(setwise).build();
        TextWindow window = TextWindow.of(window());
        StrategyDecision d = new StrategyDecision("lm", Strategy.SETWISE_HEAPSORT, RerankMethod.SETWISE_HEAPSORT, null, "why", 4, 123);
        RerankOutcome o = runner.run(new WindowPlan.Sort(caps, d, window), q.query(), window(), 2, Double.POSITIVE_INFINITY,
            new Cancellation());

        // the leading four passages with text (positions 0, 1, 3, 4) in relevance order, then the rest as they came
        int[] lead = {0, 1, 3, 4};
        Integer[] byRelevance = Arrays.stream(lead).boxed().sorted((a, b) -> Double.compare(q.relevance()[b], q.relevance()[a]))
            .toArray(Integer[]::new);
        assertEquals(Arrays.asList(byRelevance).subList(0, 2), Arrays.stream(o.order()).boxed().toList().subList(0, 2), "the top 2 are exact");
        assertArrayEquals(new int[] {2, 5, 6, 7}, Arrays.copyOfRange(o.order(), 4, 8));
        assertEquals(4f, o.modelScores()[byRelevance[0]], "rank-derived: the first of four gets 4");
        assertTrue(Float.isNaN(o.modelScores()[6]) && Float.isNaN(o.modelScores()[2]));
        assertEquals(Strategy.SETWISE_HEAPSORT, o.strategy());
        assertEquals(250, o.modelNanos(), "one tick of the fake clock");
        assertEquals(new RerankOutcome.BudgetEffect(4, 6, true), o.budget());
        StrategyReport r = o.report();
        assertEquals(new StrategyReport("lm", "setwise.heapsort", "setwise.heapsort", null, "why", 4, 123, setwise.calls.get(),
            r.earlyStopped(), r.earlyStopReason(), true), r);
        assertTrue(setwise.calls.get() > 0);
    }

    @Test
    void aPointwiseMethodScoresOnlyTheDepthButCountsEveryPassageWithText() throws Exception {
        Oracles.Pointwise scorer = new Oracles.Pointwise(q.byText());
        StrategyDecision d = new StrategyDecision("bge", Strategy.AUTO, RerankMethod.POINTWISE_EMBEDDING, "shallower_window", "why", 3, 99);
        RerankOutcome o = runner.run(new WindowPlan.ScorePointwise(scorer, d, TextWindow.of(window())), q.query(), window(), 2,
            Double.POSITIVE_INFINITY, new Cancellation());
        assertEquals(3, o.scoredDocs());
        assertEquals(1, scorer.calls.get());
        assertEquals(new RerankOutcome.BudgetEffect(3, 6, true), o.budget(), "three fit, six have text");
        assertTrue(o.budget().shortened());
        for (int position : new int[] {0, 1, 3}) {
            assertEquals((float) q.relevance()[position], o.modelScores()[position]);
        }
        assertTrue(Float.isNaN(o.modelScores()[4]), "past the depth: not scored");
        assertEquals(Strategy.POINTWISE_EMBEDDING, o.strategy());
        assertEquals(new StrategyReport("bge", "auto", "pointwise.embedding", "shallower_window", "why", 3, 99, 4, false, "", false), o.report());
    }

    @Test
    void nothingRunningKeepsFirstStageOrder() throws Exception {
        StrategyDecision d = StrategyDecision.nothing(Strategy.PAIRWISE_ALLPAIR, null, "nothing fits");
        RerankOutcome o = runner.run(new WindowPlan.FirstStage(d, 8, 6), q.query(), window(), 2, 1, new Cancellation());
        assertArrayEquals(new int[] {0, 1, 2, 3, 4, 5, 6, 7}, o.order());
        assertEquals(0, o.scoredDocs());
        assertEquals(Strategy.PAIRWISE_ALLPAIR, o.strategy());
        assertEquals(new RerankOutcome.BudgetEffect(0, 6, true), o.budget());
        assertEquals(new StrategyReport(null, "pairwise.allpair", null, null, "nothing fits", 0, 0, 0, false, "", false), o.report());
        assertEquals(1_000, clock.get(), "nothing was timed");
    }

    @Test
    void aSortCancelledBeforeItStartsMakesNoCall() {
        Oracles.Setwise setwise = new Oracles.Setwise(q, 4, 0, 1);
        AvailableModel caps = AvailableModel.builder("lm", "flan-t5-large", Oracles.T5_LARGE, Oracles.WORDS).setwise(setwise).build();
        StrategyDecision d = new StrategyDecision("lm", Strategy.SETWISE_BUBBLESORT, RerankMethod.SETWISE_BUBBLESORT, null, "why", 6, 1);
        Cancellation cancelled = new Cancellation();
        cancelled.cancel();
        ModelException e = assertThrows(ModelException.class, () -> runner.run(new WindowPlan.Sort(caps, d, TextWindow.of(window())),
            q.query(), window(), 2, Double.POSITIVE_INFINITY, cancelled));
        assertEquals("model [lm]: cancelled before setwise.bubblesort started", e.getMessage());
        assertEquals(0, setwise.calls.get());
    }
}
