package org.llmrerank.elasticsearch;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Executor;
import org.llmrerank.rescorer.ModelRegistry;
import org.llmrerank.rescorer.pipeline.DeadlineTimer;
import org.llmrerank.rescorer.pipeline.RerankOptions;
import org.llmrerank.rescorer.pipeline.RerankResult;
import org.llmrerank.rest.models.ModelFiles;
import org.llmrerank.rest.models.ModelSpec;

/**
 * The node's rerank pipeline over the bundled models plus one STAND-IN causal LM (a tiny random-weight checkpoint a test
 * writes into the models directory, see {@link #MODEL}), registered from that directory with the loader a user's
 * registration uses ({@link ModelFiles#load}), at node start by the test plugin, so that a suite needs no models API.
 * The rankings of a random-weight model mean nothing; what matters is that every run on the same window agrees.
 *
 * <p>The same reranker runs on the nodes (on their inference thread pool) and directly in the test (on the caller's
 * thread), so a test can compare what a search returned with what the pipeline alone makes of a window.
 */
public final class StandInLlmReranker {

    /** The stand-in's model name, and its directory under {@code plugins.llm_rerank.models_path}. */
    public static final String MODEL = "stand-in-qwen2";
    private static final long MAX_FILE_BYTES = 64L << 20;

    private StandInLlmReranker() {}

    /** The bundled models and the stand-in found under {@code modelsRoot}, run on {@code modelExecutor} under {@code timer}. */
    public static PipelineWindowReranker create(Path modelsRoot, Executor modelExecutor, DeadlineTimer timer) {
        ModelRegistry registry = new ModelRegistry(1, ModelRegistry.DEFAULT_MAX_LENGTH);
        ModelSpec spec = new ModelSpec(MODEL, null, null, null);
        registry.register(MODEL, factory -> ModelFiles.load(modelsRoot, MODEL, spec, MAX_FILE_BYTES, factory),
            () -> ModelFiles.strategiesOf(modelsRoot, spec));
        return new PipelineWindowReranker(registry, modelExecutor, timer, null);
    }

    /** Runs on the calling thread with no deadline: the reference a search's result is compared with. */
    public static PipelineWindowReranker direct(Path modelsRoot) {
        return create(modelsRoot, Runnable::run, (task, nanos) -> () -> {});
    }

    /** The result of reranking {@code texts} (first-stage order) with a {@link #direct} reranker, on this thread. */
    public static RerankResult rerankNow(WindowReranker direct, String queryText, List<String> texts, RerankOptions options) {
        List<WindowReranker.Hit> hits = texts.stream().map(text -> new WindowReranker.Hit(null, text, 0f)).toList();
        RerankResult[] out = new RerankResult[1];
        direct.run(direct.plan(queryText, hits, options, true), r -> out[0] = r);
        if (out[0] == null) {
            throw new AssertionError("a direct run answers on the calling thread");
        }
        return out[0];
    }
}
