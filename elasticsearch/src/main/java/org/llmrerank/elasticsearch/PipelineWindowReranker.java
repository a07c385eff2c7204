package org.llmrerank.elasticsearch;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Executor;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import org.elasticsearch.core.TimeValue;
import org.elasticsearch.threadpool.ThreadPool;
import org.llmrerank.rescorer.ModelRegistry;
import org.llmrerank.rescorer.Strategy;
import org.llmrerank.rescorer.StrategyWindowReranker;
import org.llmrerank.rescorer.pipeline.DeadlineTimer;
import org.llmrerank.rescorer.pipeline.ModelSource;
import org.llmrerank.rescorer.pipeline.RerankOptions;
import org.llmrerank.rescorer.pipeline.RerankPipeline;
import org.llmrerank.rescorer.pipeline.RerankPlan;
import org.llmrerank.rescorer.pipeline.RerankResult;
import org.llmrerank.rescorer.pipeline.ScheduledRoute;
import org.llmrerank.rest.models.RegisteredModels;
import org.llmrerank.routing.onnx.ExecutionProvider;
import org.llmrerank.routing.runtime.DjlEngineSetup;

/**
 * The engine-neutral {@link RerankPipeline} on an Elasticsearch node: the bundled models ({@code bge-small},
 * {@code all-minilm-l6-v2}, {@code bge-small-routed}) and the registered ones, each loaded on first use, run on the
 * plugin's {@code llm_rerank} thread pool under the clause's deadline, or through the node's inference scheduler and the
 * cluster's inference nodes (the scheduled route) when a scheduler policy is on or the cluster has inference nodes.
 */
public final class PipelineWindowReranker implements WindowReranker, AutoCloseable {

    private static final Logger logger = LogManager.getLogger(PipelineWindowReranker.class);

    private final ModelRegistry registry;
    private final RerankPipeline pipeline;

    /**
     * The bundled models, loaded on first use.
     *
     * @param threads  intra-op threads of ONNX Runtime and DJL PyTorch per model call
     * @param provider where ONNX Runtime runs the ONNX models
     * @param tmpDir   the node's temporary directory: DJL extracts its natives below it (the node lets every plugin write there)
     */
    public static ModelRegistry bundledModels(int threads, ExecutionProvider provider, Path tmpDir) {
        DjlEngineSetup.configure(tmpDir.resolve("llm_rerank").resolve("djl"), threads);
        return new ModelRegistry(threads, ModelRegistry.DEFAULT_MAX_LENGTH, provider);
    }

    /**
     * @param registry  the node's models; closed with this reranker
     * @param scheduled the scheduler route (this node's scheduler and the inference nodes), or null for none
     */
    public PipelineWindowReranker(ThreadPool threadPool, String executorName, ModelRegistry registry, ScheduledRoute scheduled) {
        this(registry, threadPool.executor(executorName),
            (task, nanos) -> threadPool.schedule(task, TimeValue.timeValueNanos(nanos), threadPool.generic())::cancel, scheduled);
    }

    /**
     * @param registry      the models; closed with this reranker
     * @param modelExecutor where the model runs (the calling thread itself, for a reference run outside a node)
     * @param timer         ends a run at the clause's deadline
     * @param scheduled     the scheduler route, or null for none
     */
    public PipelineWindowReranker(ModelRegistry registry, Executor modelExecutor, DeadlineTimer timer, ScheduledRoute scheduled) {
        this.registry = registry;
        this.pipeline = new RerankPipeline(ModelSource.of(registry), StrategyWindowReranker.withDefaults(), modelExecutor, timer,
            scheduled, (message, e) -> logger.warn(message, e));
    }

    @Override
    public RerankPlan plan(String queryText, List<Hit> hits, RerankOptions options, boolean pageTouchesWindow) {
        return pipeline.plan(options, queryText, hits.stream().map(Hit::text).toList(), pageTouchesWindow);
    }

    @Override
    public void run(RerankPlan plan, Consumer<RerankResult> done) {
        pipeline.run(plan, done);
    }

    @Override
    public Map<String, ModelRegistry.LoadState> loadStates() {
        return registry.loadStates();
    }

    @Override
    public Set<String> models() {
        return registry.names();
    }

    @Override
    public Set<Strategy> strategiesOf(String model) {
        return registry.strategiesOf(model);
    }

    @Override
    public RegisteredModels.Target registrations() {
        return new RegisteredModels.Target() {
            @Override
            public void register(String name, ModelRegistry.Loader loader, Supplier<Set<Strategy>> strategies) {
                registry.register(name, loader, strategies);
            }

            @Override
            public void unregister(String name) {
                registry.unregister(name);
            }
        };
    }

    @Override
    public boolean isLoaded(String model) {
        return registry.isLoaded(model);
    }

    @Override
    public void close() {
        registry.close();
    }
}
