package org.llmrerank.elasticsearch;

import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Executor;
import java.util.function.Consumer;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import org.llmrerank.rescorer.ModelRegistry;
import org.llmrerank.rescorer.Strategy;
import org.llmrerank.rescorer.StrategyWindowReranker;
import org.llmrerank.rescorer.pipeline.DeadlineTimer;
import org.llmrerank.rescorer.pipeline.ModelSource;
import org.llmrerank.rescorer.pipeline.RerankOptions;
import org.llmrerank.rescorer.pipeline.RerankPipeline;
import org.llmrerank.rescorer.pipeline.RerankPlan;
import org.llmrerank.rescorer.pipeline.RerankResult;
import org.llmrerank.rest.models.ModelFiles;
import org.llmrerank.rest.models.ModelSpec;

/**
 * The rerank pipeline over the bundled models plus one STAND-IN causal LM (a tiny random-weight checkpoint a test writes
 * into the models directory, see {@link #MODEL}), registered from that directory with the loader a user's registration
 * uses ({@link ModelFiles#load}), at node start by the test plugin, so that a suite needs no models API. The rankings of
 * a random-weight model mean nothing; what matters is that every run on the same window agrees.
 *
 * <p>The same class reranks on the nodes (on their inference thread pool) and directly in the test (on the caller's
 * thread), so a test can compare what a search returned with what the pipeline alone makes of a window.
 */
public final class StandInLlmReranker implements WindowReranker, AutoCloseable {

    /** The stand-in's model name, and its directory under {@code plugins.llm_rerank.models_path}. */
    public static final String MODEL = "stand-in-qwen2";
    private static final long MAX_FILE_BYTES = 64L << 20;
    private static final Logger logger = LogManager.getLogger(StandInLlmReranker.class);

    private final ModelRegistry registry;
    private final RerankPipeline pipeline;

    public StandInLlmReranker(Path modelsRoot, Executor modelExecutor, DeadlineTimer timer) {
        this.registry = new ModelRegistry(1, ModelRegistry.DEFAULT_MAX_LENGTH);
        ModelSpec spec = new ModelSpec(MODEL, null, null, null);
        registry.register(MODEL, factory -> ModelFiles.load(modelsRoot, MODEL, spec, MAX_FILE_BYTES, factory),
            () -> ModelFiles.strategiesOf(modelsRoot, spec));
        this.pipeline = new RerankPipeline(ModelSource.of(registry), StrategyWindowReranker.withDefaults(), modelExecutor, timer, null,
            (message, e) -> logger.warn(message, e));
    }

    /** Runs on the calling thread with no deadline: the reference a search's result is compared with. */
    public static StandInLlmReranker direct(Path modelsRoot) {
        return new StandInLlmReranker(modelsRoot, Runnable::run, (task, nanos) -> () -> {});
    }

    /** The result of reranking {@code texts} (first-stage order) directly, on this thread. */
    public RerankResult rerankNow(String queryText, List<String> texts, RerankOptions options) {
        RerankResult[] out = new RerankResult[1];
        pipeline.run(pipeline.plan(options, queryText, texts, true), r -> out[0] = r);
        if (out[0] == null) {
            throw new AssertionError("a direct run answers on the calling thread");
        }
        return out[0];
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
    public Set<String> models() {
        return registry.names();
    }

    @Override
    public Set<Strategy> strategiesOf(String model) {
        return registry.strategiesOf(model);
    }

    @Override
    public void close() {
        registry.close();
    }
}
