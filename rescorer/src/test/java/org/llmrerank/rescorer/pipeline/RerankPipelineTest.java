package org.llmrerank.rescorer.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.concurrent.RejectedExecutionException;
import org.junit.jupiter.api.Test;
import org.llmrerank.rescorer.ModelException;
import org.llmrerank.rescorer.PointwiseScores;
import org.llmrerank.rescorer.RerankModel;
import org.llmrerank.rescorer.Strategy;
import org.llmrerank.rescorer.StrategyWindowReranker;

/** The pipeline's routes and its one-answer rule, driven without threads: a queued executor and a manual timer. */
class RerankPipelineTest {

    /** Stand-in: scores each passage by its length. */
    static final class LengthModel implements RerankModel {
        boolean fail;

        @Override
        public String name() {
            return "len";
        }

        @Override
        public Set<Strategy> supportedStrategies() {
            return Set.of(Strategy.POINTWISE_EMBEDDING);
        }

        @Override
        public PointwiseScores scorePointwise(String query, List<String> passages) throws ModelException {
            if (fail) {
                throw new ModelException("stand-in failure");
            }
            float[] s = new float[passages.size()];
            for (int i = 0; i < s.length; i++) {
                s[i] = passages.get(i).length();
            }
            return new PointwiseScores(s, 1e6 * passages.size(), -1, passages.size());
        }
    }

    final LengthModel model = new LengthModel();
    final List<Runnable> queued = new ArrayList<>();
    final List<Runnable> deadlines = new ArrayList<>();
    final List<String> failures = new ArrayList<>();
    boolean rejectAll;

    RerankPipeline pipeline(ScheduledRoute route) {
        ModelSource models = new ModelSource() {
            @Override
            public Set<Strategy> strategiesOf(String name) {
                return model.supportedStrategies();
            }

            @Override
            public RerankModel get(String name) {
                return model;
            }
        };
        return new RerankPipeline(models, StrategyWindowReranker.withDefaults(), task -> {
            if (rejectAll) {
                throw new RejectedExecutionException("full");
            }
            queued.add(task);
        }, (task, nanos) -> {
            deadlines.add(task);
            return () -> deadlines.remove(task);
        }, route, (m, e) -> failures.add(m));
    }

    static RerankOptions options(Strategy s) {
        return new RerankOptions(List.of("i"), "len", "text", s, s, 10, 3, Double.POSITIVE_INFINITY, 1_000_000_000L);
    }

    List<RerankResult> run(RerankPipeline p, List<String> texts, boolean pageTouchesWindow) {
        List<RerankResult> results = new ArrayList<>();
        p.run(p.plan(options(Strategy.AUTO), "q", texts, pageTouchesWindow), results::add);
        return results;
    }

    void drain() {
        while (queued.isEmpty() == false) {
            queued.remove(0).run();
        }
    }

    @Test
    void localRunReordersAndCancelsItsDeadline() {
        List<RerankResult> results = run(pipeline(null), List.of("a", "ccc", "bb"), true);
        assertEquals(1, deadlines.size());
        drain();
        assertEquals(1, results.size());
        assertEquals(RerankResult.Status.RERANKED, results.get(0).status());
        assertTrue(Arrays.equals(new int[] {1, 2, 0}, results.get(0).outcome().order()));
        assertTrue(deadlines.isEmpty(), "the deadline is cancelled once answered");
    }

    @Test
    void theDeadlineAnswersOnceAndTheModelIsNotRunAfterIt() {
        List<RerankResult> results = run(pipeline(null), List.of("a", "bb"), true);
        deadlines.get(0).run();
        drain();
        assertEquals(1, results.size());
        assertEquals(FallbackCause.TIMEOUT, results.get(0).cause());
    }

    @Test
    void aFullExecutorIsARejectedFallbackNotAFailure() {
        rejectAll = true;
        List<RerankResult> results = run(pipeline(null), List.of("a", "bb"), true);
        assertEquals(RerankResult.Status.FALLBACK, results.get(0).status());
        assertEquals(FallbackCause.REJECTED, results.get(0).cause());
    }

    @Test
    void aFailingModelIsAModelErrorFallbackAndLogged() {
        model.fail = true;
        List<RerankResult> results = run(pipeline(null), List.of("a", "bb"), true);
        drain();
        assertEquals(FallbackCause.MODEL_ERROR, results.get(0).cause());
        assertEquals(1, failures.size());
    }

    @Test
    void noTextAndNoPageSpendNothing() {
        RerankPipeline p = pipeline(null);
        List<String> blank = Arrays.asList(null, " ");
        assertEquals(FallbackCause.NO_TEXT, run(p, blank, true).get(0).cause());
        assertEquals(RerankResult.Status.SKIPPED, run(p, List.of("a"), false).get(0).status());
        assertTrue(queued.isEmpty() && deadlines.isEmpty());
    }

    @Test
    void theScheduledRouteIsPlannedOnlyWhenOnAndUnbudgeted() {
        ScheduledRoute on = new ScheduledRoute() {
            @Override
            public boolean enabled() {
                return true;
            }

            @Override
            public void run(RerankPlan plan, long timeoutNanos, org.llmrerank.routing.Cancellation c,
                            java.util.function.Consumer<ScheduledAnswer> answer) {
                answer.accept(new ScheduledAnswer.Rejected(7, "queue full"));
            }
        };
        RerankPipeline p = pipeline(on);
        RerankPlan plan = p.plan(options(Strategy.AUTO), "q", List.of("a", "b"), true);
        assertEquals(RerankPlan.Route.SCHEDULED, plan.route());
        assertEquals(Strategy.POINTWISE_EMBEDDING, plan.pointwiseMethod());
        RerankOptions budgeted = new RerankOptions(List.of("i"), "len", "text", Strategy.AUTO, Strategy.AUTO, 10, 3, 1e9, 1_000_000_000L);
        assertEquals(RerankPlan.Route.LOCAL, p.plan(budgeted, "q", List.of("a", "b"), true).route());
        List<RerankResult> results = new ArrayList<>();
        p.run(plan, results::add);
        drain();
        assertEquals(RerankResult.Status.REJECTED, results.get(0).status());
        assertEquals(7, results.get(0).retryAfterSeconds());
        assertNull(results.get(0).outcome());
    }
}
