package org.llmrerank.rest.clause;

import java.util.List;
import java.util.function.Consumer;
import org.llmrerank.rescorer.FlopsBudget;
import org.llmrerank.rescorer.Strategy;
import org.llmrerank.rest.eval.EvalRequest;
import org.llmrerank.rest.models.ModelSpec;
import org.llmrerank.routing.onnx.ExecutionProvider;
import org.llmrerank.scheduler.SchedulerConfig;
import org.llmrerank.scheduler.placement.NodeInference;

/**
 * The settings both engines register, under the same keys: index settings give a search's defaults, dynamic node
 * settings are ceilings an operator sets for everyone, static node settings size the inference resources. Each engine
 * turns these entries into its own setting objects; keys, defaults, bounds and value checks live only here.
 */
public final class SettingsCatalogue {

    private SettingsCatalogue() {}

    /** Where a setting is set. */
    public enum Scope { INDEX, NODE }

    /** A text setting; {@code check} throws {@link IllegalArgumentException} for a value the setting must refuse. */
    public record TextSetting(String key, String defaultValue, Consumer<String> check, Scope scope, boolean dynamic) {}

    /** An integer setting within {@code [min, max]}. */
    public record IntSetting(String key, int defaultValue, int min, int max, Scope scope, boolean dynamic) {}

    /** A decimal setting of at least {@code min}. */
    public record DecimalSetting(String key, double defaultValue, double min, Scope scope, boolean dynamic) {}

    /** A positive time setting, its default in seconds. */
    public record TimeSetting(String key, long defaultSeconds, Scope scope, boolean dynamic) {}

    /** Default model for searches on the index ("" = the clause must name one). */
    public static final TextSetting INDEX_MODEL = new TextSetting("index.llm_rerank.model", "", v -> {}, Scope.INDEX, true);

    /** Default text field the model reads ("" = the clause must name one). */
    public static final TextSetting INDEX_FIELD = new TextSetting("index.llm_rerank.field", "", v -> {}, Scope.INDEX, true);

    private static final String INDEX_STRATEGY_KEY = "index.llm_rerank.strategy";

    /** Default strategy; checked when written, so that a typo is refused then rather than at search time. */
    public static final TextSetting INDEX_STRATEGY =
        new TextSetting(INDEX_STRATEGY_KEY, "auto", SettingsCatalogue::checkStrategy, Scope.INDEX, true);

    private static final String INDEX_FLOPS_BUDGET_KEY = "index.llm_rerank.flops_budget";

    /** Default FLOPs budget per query ("" = unlimited), e.g. 5tf. */
    public static final TextSetting INDEX_FLOPS_BUDGET =
        new TextSetting(INDEX_FLOPS_BUDGET_KEY, "", SettingsCatalogue::checkFlopsBudget, Scope.INDEX, true);

    /** Largest window a search may ask the model to rerank: the model's cost grows linearly with it. */
    public static final IntSetting MAX_WINDOW_SIZE = new IntSetting("plugins.llm_rerank.max_window_size", 1000, 1, 100_000, Scope.NODE, true);

    /**
     * Longest text to rerank for (the clause's query_text, or the query's own text): every model call carries it once
     * per passage or prompt, so it bounds what one search can make the model read.
     */
    public static final IntSetting MAX_QUERY_CHARS = new IntSetting("plugins.llm_rerank.max_query_chars", 4096, 1, 1_000_000, Scope.NODE, true);

    /**
     * Characters of a hit's field the model reads; longer texts are cut. A document's length is no error of the searcher,
     * so this never fails a search; the default is well past what the bundled encoders read (512 tokens).
     */
    public static final IntSetting MAX_PASSAGE_CHARS =
        new IntSetting("plugins.llm_rerank.max_passage_chars", 8192, 1, 10_000_000, Scope.NODE, true);

    /** Deadline for the model when the clause gives none; past it the hits keep first-stage order. */
    public static final TimeSetting DEFAULT_TIMEOUT = new TimeSetting("plugins.llm_rerank.default_timeout", 30, Scope.NODE, true);

    /** Intra-op threads per model call (0 = the node's processors, at most 4). */
    public static final IntSetting INFERENCE_THREADS = new IntSetting("plugins.llm_rerank.inference.threads", 0, 0, 256, Scope.NODE, false);

    /** The intra-op threads a model call uses: the setting's value, or with 0 the node's processors, at most 4. */
    public static int inferenceThreads(int configured) {
        return configured > 0 ? configured : Math.min(4, Runtime.getRuntime().availableProcessors());
    }

    private static final String INFERENCE_EXECUTION_PROVIDER_KEY = "plugins.llm_rerank.inference.execution_provider";

    /**
     * Where ONNX Runtime runs the bundled and registered ONNX models: {@code cpu}, or {@code cuda} on a node whose plugin
     * carries the GPU build of ONNX Runtime; a model that cannot start there fails to load and its searches fall back.
     */
    public static final TextSetting INFERENCE_EXECUTION_PROVIDER = new TextSetting(INFERENCE_EXECUTION_PROVIDER_KEY,
        ExecutionProvider.CPU.settingName(), SettingsCatalogue::checkExecutionProvider, Scope.NODE, false);

    /** The provider a node's ONNX models run on, from the setting's value (already checked when the node read it). */
    public static ExecutionProvider executionProvider(String configured) {
        return ExecutionProvider.byName(configured);
    }

    /** Concurrent model calls on a node; further ones queue, bounded. */
    public static final IntSetting INFERENCE_CONCURRENCY =
        new IntSetting("plugins.llm_rerank.inference.concurrency", 1, 1, 64, Scope.NODE, false);

    /** Queued model calls; a call that finds the queue full is rejected and its search keeps first-stage order. */
    public static final IntSetting INFERENCE_QUEUE_SIZE =
        new IntSetting("plugins.llm_rerank.inference.queue_size", 100, 1, 10_000, Scope.NODE, false);

    /**
     * Directory registered models must live in ("" = {@code <config>/llm_rerank_models}; a relative value resolves
     * against the config directory).
     */
    public static final TextSetting MODELS_PATH = new TextSetting("plugins.llm_rerank.models_path", "", v -> {}, Scope.NODE, false);

    /**
     * Longest {@code query_prefix} / {@code passage_prefix} a registration through the models API may have: prefixes live
     * in the cluster state and are prepended to every text the model reads. No registration, not even one written
     * straight into the cluster settings, may exceed {@link ModelSpec#MAX_PREFIX_CHARS_CEILING}.
     */
    public static final IntSetting MODELS_MAX_PREFIX_CHARS =
        new IntSetting("plugins.llm_rerank.models_max_prefix_chars", 1024, 0, ModelSpec.MAX_PREFIX_CHARS_CEILING, Scope.NODE, true);

    /**
     * Name of a node attribute that marks inference nodes: a node started with {@code node.attr.<name>: true} hosts the
     * model for the others' searches. "" = none marked by attribute (OpenSearch also counts nodes with the {@code ml}
     * role); no inference node in the cluster: every node runs its own searches.
     */
    public static final TextSetting INFERENCE_NODE_ATTRIBUTE =
        new TextSetting("plugins.llm_rerank.inference.node_attribute", "", v -> {}, Scope.NODE, true);

    /**
     * {@code off}: with no inference node, the model runs on the coordinating node's FIFO executor, no scheduler (inference
     * nodes, when present, use {@code fifo}); {@code fifo}: the scheduler in arrival order, whole window, no early stop;
     * {@code certaindex}: shortest job first + fairness + gang + certaindex stop + deadline degradation (Dynasor's
     * certaindex carried over to reranking: our extension, not in the paper).
     */
    public static final TextSetting SCHEDULER_POLICY =
        new TextSetting("plugins.llm_rerank.scheduler.policy", NodeInference.POLICY_OFF, NodeInference::validatePolicy, Scope.NODE, true);

    /** Model a program falls back to when the requested one cannot make the deadline ("" = none). */
    public static final TextSetting SCHEDULER_CHEAP_MODEL =
        new TextSetting("plugins.llm_rerank.scheduler.cheap_model", "all-minilm-l6-v2", v -> {}, Scope.NODE, false);

    /** Node FLOP/s capacity; 0 = measured at start-up by a short calibration of {@link #INFERENCE_CALIBRATION_MODEL}. */
    public static final DecimalSetting INFERENCE_FLOPS_PER_SECOND =
        new DecimalSetting("plugins.llm_rerank.inference.flops_per_second", 0.0, 0.0, Scope.NODE, false);

    /** Model timed by the start-up calibration ("" = no calibration: the capacity is learnt from the first calls). */
    public static final TextSetting INFERENCE_CALIBRATION_MODEL =
        new TextSetting("plugins.llm_rerank.inference.calibration_model", "bge-small", v -> {}, Scope.NODE, false);

    /**
     * Continuous batching across searches under the {@code certaindex} policy: a worker's model call holds the next step
     * of up to this many programs of one model. It applies only to models that really batch across searches (the fp32
     * routed runtime); the bundled int8 ONNX models quantise activations per batch, run batch 1 and keep one program per
     * call whatever this says, as does {@code fifo}. Default 1 (no batching): on a 2-core CPU grouping searches into one
     * call did not make a passage cheaper while a shared call makes each member wait for the others' steps; raise it on
     * accelerator nodes, where wider batches fill the device.
     */
    public static final IntSetting SCHEDULER_MAX_BATCH_PROGRAMS =
        new IntSetting("plugins.llm_rerank.scheduler.max_batch_programs", 1, 1, 64, Scope.NODE, true);

    /** Passages one batched call may hold (programs join only within it; one program's first step is never split). */
    public static final IntSetting SCHEDULER_MAX_BATCH_PASSAGES = new IntSetting("plugins.llm_rerank.scheduler.max_batch_passages",
        SchedulerConfig.DEFAULT_MAX_BATCH_PASSAGES, 1, 10_000, Scope.NODE, true);

    /** Judged requests per {@code _eval} call: each is two searches. */
    public static final IntSetting EVAL_MAX_REQUESTS = new IntSetting(EvalRequest.Limits.MAX_REQUESTS_SETTING,
        EvalRequest.Limits.DEFAULT_MAX_REQUESTS, 1, 1_000_000, Scope.NODE, true);

    /** Largest relevance grade a qrels entry may carry. */
    public static final IntSetting EVAL_MAX_GRADE = new IntSetting(EvalRequest.Limits.MAX_GRADE_SETTING,
        EvalRequest.Limits.DEFAULT_MAX_GRADE, 1, Integer.MAX_VALUE, Scope.NODE, true);

    /** The index settings that fill a clause, in the order {@link RerankClauseResolver} reads them. */
    public static final List<TextSetting> CLAUSE_DEFAULTS = List.of(INDEX_MODEL, INDEX_FIELD, INDEX_STRATEGY, INDEX_FLOPS_BUDGET);

    private static void checkStrategy(String value) {
        if (Strategy.fromClauseName(value).isEmpty()) {
            throw new IllegalArgumentException(
                "unknown strategy [" + value + "] for [" + INDEX_STRATEGY_KEY + "]; expected one of [" + Strategy.allNames() + "]");
        }
    }

    private static void checkExecutionProvider(String value) {
        try {
            ExecutionProvider.byName(value);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("[" + INFERENCE_EXECUTION_PROVIDER_KEY + "] " + e.getMessage(), e);
        }
    }

    private static void checkFlopsBudget(String value) {
        if (value.isEmpty() == false) {
            try {
                FlopsBudget.parse(value);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("[" + INDEX_FLOPS_BUDGET_KEY + "] " + e.getMessage(), e);
            }
        }
    }
}
