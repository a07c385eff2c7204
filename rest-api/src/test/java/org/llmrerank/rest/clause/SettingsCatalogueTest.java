package org.llmrerank.rest.clause;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.llmrerank.routing.onnx.ExecutionProvider;

class SettingsCatalogueTest {

    @Test
    void theStrategyDefaultIsCheckedWhenWritten() {
        SettingsCatalogue.INDEX_STRATEGY.check().accept("auto");
        SettingsCatalogue.INDEX_STRATEGY.check().accept("setwise.heapsort");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> SettingsCatalogue.INDEX_STRATEGY.check().accept("quick"));
        assertTrue(e.getMessage().startsWith("unknown strategy [quick] for [index.llm_rerank.strategy]; expected one of ["), e.getMessage());
    }

    @Test
    void theBudgetDefaultIsCheckedWhenWrittenAndMayBeUnset() {
        SettingsCatalogue.INDEX_FLOPS_BUDGET.check().accept("");
        SettingsCatalogue.INDEX_FLOPS_BUDGET.check().accept("5tf");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> SettingsCatalogue.INDEX_FLOPS_BUDGET.check().accept("-1tf"));
        assertTrue(e.getMessage().startsWith("[index.llm_rerank.flops_budget] must not be negative"), e.getMessage());
    }

    @Test
    void defaultsAndBoundsAreTheDocumentedOnes() {
        assertEquals(new SettingsCatalogue.IntSetting("plugins.llm_rerank.max_window_size", 1000, 1, 100_000, SettingsCatalogue.Scope.NODE, true),
            SettingsCatalogue.MAX_WINDOW_SIZE);
        assertEquals(4096, SettingsCatalogue.MAX_QUERY_CHARS.defaultValue());
        assertEquals(8192, SettingsCatalogue.MAX_PASSAGE_CHARS.defaultValue());
        assertEquals(30, SettingsCatalogue.DEFAULT_TIMEOUT.defaultSeconds());
        assertEquals("auto", SettingsCatalogue.INDEX_STRATEGY.defaultValue());
        for (SettingsCatalogue.IntSetting s : List.of(SettingsCatalogue.MAX_WINDOW_SIZE, SettingsCatalogue.MAX_QUERY_CHARS,
            SettingsCatalogue.MAX_PASSAGE_CHARS, SettingsCatalogue.INFERENCE_THREADS, SettingsCatalogue.INFERENCE_CONCURRENCY,
            SettingsCatalogue.INFERENCE_QUEUE_SIZE)) {
            assertTrue(s.min() <= s.defaultValue() && s.defaultValue() <= s.max(), s.key());
        }
        for (SettingsCatalogue.TextSetting s : SettingsCatalogue.CLAUSE_DEFAULTS) {
            assertEquals(SettingsCatalogue.Scope.INDEX, s.scope(), s.key());
            assertTrue(s.key().startsWith("index.llm_rerank."), s.key());
        }
    }

    @Test
    void theExecutionProviderIsCpuUnlessCudaIsAskedForAndAnythingElseIsRefusedNamingTheSetting() {
        assertEquals(new SettingsCatalogue.TextSetting("plugins.llm_rerank.inference.execution_provider", "cpu",
            SettingsCatalogue.INFERENCE_EXECUTION_PROVIDER.check(), SettingsCatalogue.Scope.NODE, false), SettingsCatalogue.INFERENCE_EXECUTION_PROVIDER);
        assertEquals(ExecutionProvider.CPU, SettingsCatalogue.executionProvider(SettingsCatalogue.INFERENCE_EXECUTION_PROVIDER.defaultValue()));
        SettingsCatalogue.INFERENCE_EXECUTION_PROVIDER.check().accept("cuda");
        assertEquals(ExecutionProvider.CUDA, SettingsCatalogue.executionProvider("cuda"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
            () -> SettingsCatalogue.INFERENCE_EXECUTION_PROVIDER.check().accept("rocm"));
        assertTrue(e.getMessage().startsWith("[plugins.llm_rerank.inference.execution_provider] unknown execution provider [rocm]"),
            e.getMessage());
    }

    @Test
    void theSchedulerPolicyIsCheckedWhenWritten() {
        SettingsCatalogue.SCHEDULER_POLICY.check().accept("off");
        SettingsCatalogue.SCHEDULER_POLICY.check().accept("fifo");
        SettingsCatalogue.SCHEDULER_POLICY.check().accept("certaindex");
        assertThrows(IllegalArgumentException.class, () -> SettingsCatalogue.SCHEDULER_POLICY.check().accept("lifo"));
        assertEquals("off", SettingsCatalogue.SCHEDULER_POLICY.defaultValue());
    }

    @Test
    void inferenceAndEvalSettingsKeepTheirKeysDefaultsAndBounds() {
        assertEquals(new SettingsCatalogue.IntSetting("plugins.llm_rerank.scheduler.max_batch_programs", 1, 1, 64, SettingsCatalogue.Scope.NODE,
            true), SettingsCatalogue.SCHEDULER_MAX_BATCH_PROGRAMS);
        assertEquals(new SettingsCatalogue.IntSetting("plugins.llm_rerank.eval.max_requests", 1000, 1, 1_000_000, SettingsCatalogue.Scope.NODE,
            true), SettingsCatalogue.EVAL_MAX_REQUESTS);
        assertEquals(new SettingsCatalogue.IntSetting("plugins.llm_rerank.eval.max_grade", 100, 1, Integer.MAX_VALUE, SettingsCatalogue.Scope.NODE,
            true), SettingsCatalogue.EVAL_MAX_GRADE);
        assertEquals(new SettingsCatalogue.DecimalSetting("plugins.llm_rerank.inference.flops_per_second", 0.0, 0.0, SettingsCatalogue.Scope.NODE,
            false), SettingsCatalogue.INFERENCE_FLOPS_PER_SECOND);
        assertEquals("plugins.llm_rerank.inference.node_attribute", SettingsCatalogue.INFERENCE_NODE_ATTRIBUTE.key());
        assertTrue(SettingsCatalogue.INFERENCE_NODE_ATTRIBUTE.dynamic());
        assertEquals("all-minilm-l6-v2", SettingsCatalogue.SCHEDULER_CHEAP_MODEL.defaultValue());
        assertEquals("bge-small", SettingsCatalogue.INFERENCE_CALIBRATION_MODEL.defaultValue());
        assertEquals(1, SettingsCatalogue.SCHEDULER_MAX_BATCH_PASSAGES.min());
        assertEquals(10_000, SettingsCatalogue.SCHEDULER_MAX_BATCH_PASSAGES.max());
    }

    @Test
    void modelPrefixesAreBoundedByTheRegistrationCeilingAndThreadsFallBackToProcessors() {
        assertEquals(1024, SettingsCatalogue.MODELS_MAX_PREFIX_CHARS.defaultValue());
        assertEquals(0, SettingsCatalogue.MODELS_MAX_PREFIX_CHARS.min());
        assertEquals(org.llmrerank.rest.models.ModelSpec.MAX_PREFIX_CHARS_CEILING, SettingsCatalogue.MODELS_MAX_PREFIX_CHARS.max());
        assertEquals(3, SettingsCatalogue.inferenceThreads(3));
        assertEquals(Math.min(4, Runtime.getRuntime().availableProcessors()), SettingsCatalogue.inferenceThreads(0));
    }
}
