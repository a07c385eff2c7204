package org.llmrerank.elasticsearch;

import java.util.List;
import org.elasticsearch.common.settings.Setting;
import org.elasticsearch.common.settings.Setting.Property;
import org.elasticsearch.common.settings.Settings;
import org.elasticsearch.core.TimeValue;
import org.llmrerank.rescorer.FlopsBudget;
import org.llmrerank.rescorer.Strategy;

/**
 * The plugin's settings, under the same keys as on OpenSearch: index settings give a search's defaults, cluster
 * settings are ceilings an operator sets for everyone, node settings size the inference resources.
 */
public final class EsRerankSettings {

    private EsRerankSettings() {}

    /** Default model for searches on this index ("" = the clause must name one). */
    public static final Setting<String> INDEX_MODEL =
        Setting.simpleString("index.llm_rerank.model", "", Property.IndexScope, Property.Dynamic);

    /** Default text field the model reads. */
    public static final Setting<String> INDEX_FIELD =
        Setting.simpleString("index.llm_rerank.field", "", Property.IndexScope, Property.Dynamic);

    /** Default strategy; checked when written, so a typo is refused then rather than at search time. */
    public static final Setting<String> INDEX_STRATEGY = Setting.simpleString("index.llm_rerank.strategy", "auto", value -> {
        if (Strategy.fromClauseName(value).isEmpty()) {
            throw new IllegalArgumentException(
                "unknown strategy [" + value + "] for [index.llm_rerank.strategy]; expected one of [" + Strategy.allNames() + "]");
        }
    }, Property.IndexScope, Property.Dynamic);

    /** Default FLOPs budget per query ("" = unlimited), e.g. 5tf. */
    public static final Setting<String> INDEX_FLOPS_BUDGET = Setting.simpleString("index.llm_rerank.flops_budget", "", value -> {
        if (value.isEmpty() == false) {
            try {
                FlopsBudget.parse(value);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("[index.llm_rerank.flops_budget] " + e.getMessage(), e);
            }
        }
    }, Property.IndexScope, Property.Dynamic);

    /** Largest window a search may ask the model to rerank: its cost grows linearly with it. */
    public static final Setting<Integer> MAX_WINDOW_SIZE =
        Setting.intSetting("plugins.llm_rerank.max_window_size", 1000, 1, 100_000, Property.NodeScope, Property.Dynamic);

    /** Longest text to rerank for: every model call carries it once per passage or prompt. */
    public static final Setting<Integer> MAX_QUERY_CHARS =
        Setting.intSetting("plugins.llm_rerank.max_query_chars", 4096, 1, 1_000_000, Property.NodeScope, Property.Dynamic);

    /** Characters of a hit's field the model reads; longer texts are cut (a document's length never fails a search). */
    public static final Setting<Integer> MAX_PASSAGE_CHARS =
        Setting.intSetting("plugins.llm_rerank.max_passage_chars", 8192, 1, 10_000_000, Property.NodeScope, Property.Dynamic);

    /** Deadline for the model when the clause gives none; past it the hits keep first-stage order. */
    public static final Setting<TimeValue> DEFAULT_TIMEOUT = Setting.positiveTimeSetting(
        "plugins.llm_rerank.default_timeout", TimeValue.timeValueSeconds(30), Property.NodeScope, Property.Dynamic);

    /** ONNX Runtime and DJL PyTorch intra-op threads per model call (0 = the node's processors, at most 4). */
    public static final Setting<Integer> INFERENCE_THREADS =
        Setting.intSetting("plugins.llm_rerank.inference.threads", 0, 0, 256, Property.NodeScope);

    /** Concurrent model calls on this node (thread pool {@code llm_rerank}); further ones queue. */
    public static final Setting<Integer> INFERENCE_CONCURRENCY =
        Setting.intSetting("plugins.llm_rerank.inference.concurrency", 1, 1, 64, Property.NodeScope);

    /** Queued model calls; when the queue is full a search keeps first-stage order (fallback cause {@code rejected}). */
    public static final Setting<Integer> INFERENCE_QUEUE_SIZE =
        Setting.intSetting("plugins.llm_rerank.inference.queue_size", 100, 1, 10_000, Property.NodeScope);

    /**
     * Directory registered models must live in; "" = {@code <config>/llm_rerank_models}, a relative value resolves
     * against the config directory. The plugin's entitlement policy grants read on whatever this names.
     */
    public static final Setting<String> MODELS_PATH = Setting.simpleString("plugins.llm_rerank.models_path", "", Property.NodeScope);

    public static List<Setting<?>> all() {
        return List.of(INDEX_MODEL, INDEX_FIELD, INDEX_STRATEGY, INDEX_FLOPS_BUDGET, MAX_WINDOW_SIZE, MAX_QUERY_CHARS, MAX_PASSAGE_CHARS,
            DEFAULT_TIMEOUT, INFERENCE_THREADS, INFERENCE_CONCURRENCY, INFERENCE_QUEUE_SIZE, MODELS_PATH);
    }

    /** Intra-op threads per model call: the setting, or the node's processors up to 4. */
    public static int inferenceThreads(Settings settings) {
        int configured = INFERENCE_THREADS.get(settings);
        return configured > 0 ? configured : Math.min(4, Runtime.getRuntime().availableProcessors());
    }
}
