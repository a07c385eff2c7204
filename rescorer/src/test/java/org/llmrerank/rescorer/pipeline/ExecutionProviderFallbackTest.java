package org.llmrerank.rescorer.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtProvider;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.llmrerank.rescorer.ModelRegistry;
import org.llmrerank.rescorer.Strategy;
import org.llmrerank.rescorer.StrategyWindowReranker;
import org.llmrerank.routing.onnx.ExecutionProvider;

/** A node told to run its ONNX models on CUDA without the GPU build of ONNX Runtime: the model fails to load, searches fall back. */
class ExecutionProviderFallbackTest {

    @Test
    void cudaOnTheCpuBuildFailsTheModelsLoadAndEachSearchFallsBackAsAModelError() {
        assumeFalse(OrtEnvironment.getAvailableProviders().contains(OrtProvider.CUDA), "this ONNX Runtime is the GPU build");
        List<Runnable> queued = new ArrayList<>();
        List<String> failures = new ArrayList<>();
        try (ModelRegistry registry = new ModelRegistry(1, 128, ExecutionProvider.CUDA)) {
            RerankPipeline pipeline = new RerankPipeline(ModelSource.of(registry), StrategyWindowReranker.withDefaults(), queued::add,
                (task, nanos) -> () -> { }, null, (message, e) -> failures.add(message + ": " + e.getMessage()));
            RerankOptions options = new RerankOptions(List.of("i"), "all-minilm-l6-v2", "text", Strategy.POINTWISE, Strategy.POINTWISE,
                10, 3, Double.POSITIVE_INFINITY, 1_000_000_000L);
            List<RerankResult> results = new ArrayList<>();
            for (int search = 0; search < 2; search++) {
                pipeline.run(pipeline.plan(options, "flea life cycle", List.of("fleas live weeks", "paris"), true), results::add);
                while (queued.isEmpty() == false) {
                    queued.remove(0).run();
                }
            }
            assertEquals(2, results.size(), "every search answered");
            for (RerankResult r : results) {
                assertEquals(RerankResult.Status.FALLBACK, r.status());
                assertEquals(FallbackCause.MODEL_ERROR, r.cause());
            }
            assertEquals(2, failures.size(), "each failed search is logged: " + failures);
            assertTrue(failures.get(0).contains("[cuda] is not available"), failures.get(0));
            ModelRegistry.LoadState state = registry.loadStates().get("all-minilm-l6-v2");
            assertFalse(state.loaded());
            assertTrue(state.lastError().contains("onnxruntime_gpu"), state.lastError());
        }
    }
}
