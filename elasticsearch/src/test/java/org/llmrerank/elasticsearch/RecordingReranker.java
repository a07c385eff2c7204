package org.llmrerank.elasticsearch;

import java.io.Closeable;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.function.Consumer;
import org.elasticsearch.core.TimeValue;
import org.elasticsearch.threadpool.ThreadPool;
import org.llmrerank.rescorer.LayerUsage;
import org.llmrerank.rescorer.ModelException;
import org.llmrerank.rescorer.ModelRegistry;
import org.llmrerank.rescorer.RerankModel;
import org.llmrerank.rescorer.RerankOutcome;
import org.llmrerank.rescorer.Strategy;
import org.llmrerank.rescorer.StrategyReport;
import org.llmrerank.rescorer.StrategyWindowReranker;
import org.llmrerank.rescorer.pipeline.ModelSource;
import org.llmrerank.rescorer.pipeline.RerankOptions;
import org.llmrerank.rescorer.pipeline.RerankPipeline;
import org.llmrerank.rescorer.pipeline.RerankPlan;
import org.llmrerank.rescorer.pipeline.RerankResult;
import org.llmrerank.rest.models.RegisteredModels;

/**
 * Test stand-in: records every window it is handed and, for the model {@value #BY_LENGTH}, ranks hits by the length of
 * their text (longest first; hits without text unjudged), answering on another thread as a real model would. The
 * stand-in models of {@link StandInModels} (one that fails, one that stays silent past the deadline) run in a rerank
 * pipeline of their own, the production pipeline class on the node's inference pool. Every other model goes to the
 * node's real reranker.
 */
public final class RecordingReranker implements WindowReranker, Closeable {

    /** A stand-in model whose order a test can predict without any neural network. */
    public static final String BY_LENGTH = "test-by-length";

    static final StandInModels.SilentModel SILENT = new StandInModels.SilentModel();
    private static final Map<String, RerankModel> STAND_INS = Map.of(StandInModels.FAILING, new StandInModels.FailingModel(),
        StandInModels.SILENT, SILENT);

    /** One call as the plugin made it. */
    public record Call(String queryText, List<Hit> hits, RerankOptions options) {}

    public static final ConcurrentLinkedQueue<Call> CALLS = new ConcurrentLinkedQueue<>();
    /** Every result handed back to the plugin, in the order they were delivered. */
    public static final ConcurrentLinkedQueue<RerankResult> RESULTS = new ConcurrentLinkedQueue<>();

    private final WindowReranker real;
    private final ThreadPool threadPool;
    private final RerankPipeline standIns;

    public RecordingReranker(WindowReranker real, ThreadPool threadPool) {
        this.real = real;
        this.threadPool = threadPool;
        ModelSource models = new ModelSource() {
            @Override
            public Set<Strategy> strategiesOf(String name) {
                return strategiesOfStandIn(name);
            }

            @Override
            public RerankModel get(String name) throws ModelException {
                RerankModel m = STAND_INS.get(name);
                if (m == null) {
                    throw new ModelException("no stand-in model [" + name + "]");
                }
                return m;
            }
        };
        this.standIns = new RerankPipeline(models, StrategyWindowReranker.withDefaults(), threadPool.executor(RerankNode.EXECUTOR),
            (task, nanos) -> threadPool.schedule(task, TimeValue.timeValueNanos(nanos), threadPool.generic())::cancel, null, (m, e) -> {});
    }

    private static boolean isStandIn(String model) {
        return BY_LENGTH.equals(model) || STAND_INS.containsKey(model);
    }

    private static Set<Strategy> strategiesOfStandIn(String model) {
        return isStandIn(model) ? StandInModels.POINTWISE : Set.of();
    }

    @Override
    public RerankPlan plan(String queryText, List<Hit> hits, RerankOptions options, boolean pageTouchesWindow) {
        CALLS.add(new Call(queryText, List.copyOf(hits), options));
        if (isStandIn(options.model()) == false) {
            return real.plan(queryText, hits, options, pageTouchesWindow);
        }
        return standIns.plan(options, queryText, hits.stream().map(Hit::text).toList(), pageTouchesWindow);
    }

    @Override
    public void run(RerankPlan plan, Consumer<RerankResult> plugin) {
        Consumer<RerankResult> done = r -> {
            RESULTS.add(r);
            plugin.accept(r);
        };
        String model = plan.options().model();
        if (BY_LENGTH.equals(model) && plan.route() == RerankPlan.Route.LOCAL) {
            threadPool.generic().execute(() -> done.accept(RerankResult.reranked(byLength(plan.texts()), null, 0, 0)));
        } else if (isStandIn(model)) {
            standIns.run(plan, done); // what the pipeline answers without a model (nothing to do, no text) or with a stand-in
        } else {
            real.run(plan, done);
        }
    }

    /** Stand-in cost accounting of {@link #BY_LENGTH}, so that details and stats have FLOPs and layers to carry. */
    public static final double FLOPS_PER_CHAR = 1000;
    public static final int LAYERS = 12;

    /**
     * Judged hits longest first, then hits without text; ties in first-stage order. Its stand-in costs: one token and
     * {@value #FLOPS_PER_CHAR} FLOPs (estimated and counted alike) per character judged, {@value #LAYERS} layers per hit
     * judged.
     */
    public static RerankOutcome byLength(List<String> texts) {
        int n = texts.size();
        float[] scores = new float[n];
        List<Integer> order = new ArrayList<>();
        int judged = 0;
        long chars = 0;
        for (int i = 0; i < n; i++) {
            String t = texts.get(i);
            scores[i] = t == null || t.isBlank() ? Float.NaN : t.length();
            judged += Float.isNaN(scores[i]) ? 0 : 1;
            chars += Float.isNaN(scores[i]) ? 0 : t.length();
            order.add(i);
        }
        order.sort(Comparator.<Integer>comparingInt(i -> Float.isNaN(scores[i]) ? 1 : 0)
            .thenComparingDouble(i -> Float.isNaN(scores[i]) ? 0 : -scores[i]).thenComparingInt(i -> i));
        return new RerankOutcome(order.stream().mapToInt(Integer::intValue).toArray(), scores, Strategy.POINTWISE_EMBEDDING, judged,
            FLOPS_PER_CHAR * chars, FLOPS_PER_CHAR * chars, chars, 0, LayerUsage.fullDepth(LAYERS, judged),
            new RerankOutcome.BudgetEffect(judged, judged, true), StrategyReport.pointwise(BY_LENGTH, Strategy.POINTWISE_EMBEDDING, judged));
    }

    @Override
    public Set<String> models() {
        Set<String> all = new HashSet<>(real.models());
        all.add(BY_LENGTH);
        all.addAll(STAND_INS.keySet());
        return all;
    }

    @Override
    public Set<Strategy> strategiesOf(String model) {
        return isStandIn(model) ? strategiesOfStandIn(model) : real.strategiesOf(model);
    }

    @Override
    public Map<String, ModelRegistry.LoadState> loadStates() {
        return real.loadStates(); // stand-ins live in the test, not in a registry
    }

    @Override
    public RegisteredModels.Target registrations() {
        return real.registrations();
    }

    @Override
    public boolean isLoaded(String model) {
        return real.isLoaded(model);
    }

    @Override
    public void close() throws IOException {
        SILENT.openGate();
        if (real instanceof AutoCloseable c) {
            try {
                c.close();
            } catch (IOException | RuntimeException e) {
                throw e;
            } catch (Exception e) {
                throw new IOException(e);
            }
        }
    }
}
