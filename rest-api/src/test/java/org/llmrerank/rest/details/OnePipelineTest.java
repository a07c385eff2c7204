package org.llmrerank.rest.details;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.llmrerank.rescorer.LayerUsage;
import org.llmrerank.rescorer.PointwiseScores;
import org.llmrerank.rescorer.RerankModel;
import org.llmrerank.rescorer.Strategy;
import org.llmrerank.rescorer.StrategyWindowReranker;
import org.llmrerank.rescorer.pipeline.ModelSource;
import org.llmrerank.rescorer.pipeline.RerankOptions;
import org.llmrerank.rescorer.pipeline.RerankPipeline;
import org.llmrerank.rescorer.pipeline.RerankPlan;
import org.llmrerank.rescorer.pipeline.RerankResult;
import org.llmrerank.scheduler.CapacityEstimator;
import org.llmrerank.scheduler.InferenceScheduler;
import org.llmrerank.scheduler.NodeSchedulerRoute;
import org.llmrerank.scheduler.SchedulerConfig;
import org.llmrerank.scheduler.SchedulerPolicy;
import org.llmrerank.scheduler.SchedulerStats;

/**
 * One pipeline: the same search served on the local path and through the scheduler (whole window, FIFO) gives the
 * same per-search details, field for field, except wall-clock times and the scheduler's placement block, which only
 * the scheduled route has.
 */
class OnePipelineTest {

    /** Stand-in pointwise model: scores from the texts' content, cost by length, counted FLOPs and layer use reported. */
    static final class StandInModel implements RerankModel {
        @Override
        public String name() {
            return "stand-in";
        }

        @Override
        public Set<Strategy> supportedStrategies() {
            return Set.of(Strategy.POINTWISE, Strategy.POINTWISE_EMBEDDING);
        }

        @Override
        public PointwiseScores scorePointwise(String query, List<String> passages) {
            float[] s = new float[passages.size()];
            for (int i = 0; i < s.length; i++) {
                s[i] = (float) overlap(query, passages.get(i));
            }
            double flops = cost(query) + passages.stream().mapToDouble(OnePipelineTest::cost).sum();
            long tokens = tokens(query) + passages.stream().mapToLong(OnePipelineTest::tokens).sum();
            return new PointwiseScores(s, flops, flops * 1.01, tokens, LayerUsage.fullDepth(4, passages.size() + 1L));
        }

        @Override
        public Optional<PointwiseCost> estimatePointwise(String query, List<String> passages) {
            return Optional.of(new PointwiseCost(cost(query), passages.stream().mapToDouble(OnePipelineTest::cost).toArray()));
        }
    }

    static double overlap(String q, String p) {
        long shared = Arrays.stream(q.split(" ")).filter(w -> p.contains(w)).count();
        return shared + p.length() * 1e-4;
    }

    static long tokens(String t) {
        return t.split(" ").length + 2L;
    }

    static double cost(String t) {
        return 2e6 * tokens(t);
    }

    private final ExecutorService executor = Executors.newFixedThreadPool(2);
    private final java.util.concurrent.ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();
    private final List<AutoCloseable> closeables = new ArrayList<>();

    @AfterEach
    void close() throws Exception {
        for (AutoCloseable c : closeables) {
            c.close();
        }
        executor.shutdownNow();
        timer.shutdownNow();
    }

    private RerankPipeline pipeline(NodeSchedulerRoute route) {
        StandInModel model = new StandInModel();
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
        return new RerankPipeline(models, StrategyWindowReranker.withDefaults(), executor,
            (task, nanos) -> {
                var f = timer.schedule(task, nanos, TimeUnit.NANOSECONDS);
                return () -> f.cancel(false);
            }, route, (m, e) -> {});
    }

    private NodeSchedulerRoute scheduledRoute(SchedulerPolicy policy) {
        StandInModel model = new StandInModel();
        InferenceScheduler scheduler = new InferenceScheduler(SchedulerConfig.defaults(policy, 1, 100, null), System::nanoTime,
            new CapacityEstimator(1e12), (m, text) -> cost(text), name -> model, new SchedulerStats(), Thread.ofPlatform().daemon()::unstarted);
        closeables.add(scheduler);
        return new NodeSchedulerRoute(scheduler, "node-1", () -> true);
    }

    private static List<String> window(Random random, int n) {
        String[] words = {"ranking", "model", "search", "passage", "query", "engine", "layer", "budget", "flops", "node"};
        List<String> texts = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            if (random.nextInt(7) == 0) {
                texts.add(random.nextBoolean() ? null : " ");
                continue;
            }
            StringBuilder sb = new StringBuilder();
            for (int w = 0; w < 5 + random.nextInt(20); w++) {
                sb.append(words[random.nextInt(words.length)]).append(' ');
            }
            texts.add(sb.toString().trim());
        }
        return texts;
    }

    private static RerankOptions options(Strategy strategy, int window) {
        // a deadline no machine misses: the test is about what the routes return, not how fast
        return new RerankOptions(List.of("docs"), "stand-in", "text", strategy, strategy, window, 10, Double.POSITIVE_INFINITY,
            TimeUnit.MINUTES.toNanos(10));
    }

    private static Map<String, Object> served(RerankPipeline pipeline, RerankOptions options, List<String> texts, RerankPlan.Route route)
        throws Exception {
        RerankPlan plan = pipeline.plan(options, "search ranking model", texts, true);
        assertEquals(route, plan.route());
        CompletableFuture<RerankResult> result = new CompletableFuture<>();
        pipeline.run(plan, result::complete);
        RerankResult r = result.get(10, TimeUnit.MINUTES);
        assertEquals(RerankResult.Status.RERANKED, r.status(), () -> r.cause() + ": " + r.reason());
        return RerankDetails.render(options, plan.windowSize(), r, 3, 5);
    }

    /** Drops what depends on the clock or on where the search ran. */
    private static Map<String, Object> comparable(Map<String, Object> details) {
        Map<String, Object> m = new LinkedHashMap<>(details);
        for (String timed : List.of("took_ms", "first_stage_took_ms", "model_took_ms", "model_load_ms", "plugin_overhead_us", "scheduler")) {
            m.remove(timed);
        }
        return m;
    }

    @Test
    void scheduledAndLocalPathsGiveIdenticalDetailsForTheSameSearch() throws Exception {
        RerankPipeline local = pipeline(null);
        RerankPipeline scheduled = pipeline(scheduledRoute(SchedulerPolicy.FIFO));
        Random random = new Random(42);
        for (Strategy strategy : List.of(Strategy.AUTO, Strategy.POINTWISE_EMBEDDING, Strategy.POINTWISE)) {
            for (int trial = 0; trial < 5; trial++) {
                List<String> texts = window(random, 3 + random.nextInt(40));
                RerankOptions options = options(strategy, texts.size());
                Map<String, Object> viaLocal = served(local, options, texts, RerankPlan.Route.LOCAL);
                Map<String, Object> viaScheduler = served(scheduled, options, texts, RerankPlan.Route.SCHEDULED);
                assertNull(viaLocal.get("scheduler"));
                assertNotNull(viaScheduler.get("scheduler"));
                assertEquals(comparable(viaLocal), comparable(viaScheduler), strategy + " trial " + trial);
                assertNotNull(viaLocal.get("flops_counted"), "the stand-in counts its FLOPs on both routes");
                assertNotNull(viaLocal.get("layers"));
            }
        }
    }

    @Test
    void theScoresOrderTheSameOnBothRoutes() throws Exception {
        RerankPipeline local = pipeline(null);
        RerankPipeline scheduled = pipeline(scheduledRoute(SchedulerPolicy.FIFO));
        List<String> texts = window(new Random(7), 30);
        RerankOptions options = options(Strategy.AUTO, texts.size());
        RerankResult a = run(local, options, texts);
        RerankResult b = run(scheduled, options, texts);
        assertTrue(Arrays.equals(a.outcome().order(), b.outcome().order()));
        assertTrue(Arrays.equals(a.outcome().modelScores(), b.outcome().modelScores()));
        int[] identity = java.util.stream.IntStream.range(0, texts.size()).toArray();
        assertNotEquals(Arrays.toString(identity), Arrays.toString(a.outcome().order()), "the window was reordered");
    }

    @Test
    void certaindexStopsAreReportedAsEarlyStopsWithThePlacement() throws Exception {
        RerankPipeline scheduled = pipeline(scheduledRoute(SchedulerPolicy.CERTAINDEX));
        List<String> texts = window(new Random(3), 100);
        RerankOptions options = options(Strategy.AUTO, texts.size());
        RerankPlan plan = scheduled.plan(options, "search ranking model", texts, true);
        RerankResult r = run(scheduled, options, texts);
        @SuppressWarnings("unchecked")
        Map<String, Object> decision = (Map<String, Object>) RerankDetails.render(options, plan.windowSize(), r, 0, 0).get("strategy_decision");
        @SuppressWarnings("unchecked")
        Map<String, Object> placement = (Map<String, Object>) RerankDetails.render(options, plan.windowSize(), r, 0, 0).get("scheduler");
        boolean stopped = r.outcome().scoredDocs() < plan.passagesWithText();
        assertEquals(stopped, decision.get("early_stopped"), decision::toString);
        assertEquals(stopped ? "stopped_certain" : "complete", placement.get("outcome"));
    }

    private static RerankResult run(RerankPipeline pipeline, RerankOptions options, List<String> texts) throws Exception {
        CompletableFuture<RerankResult> result = new CompletableFuture<>();
        pipeline.run(pipeline.plan(options, "search ranking model", texts, true), result::complete);
        return result.get(10, TimeUnit.MINUTES);
    }
}
