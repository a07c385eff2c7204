package org.llmrerank.plugin;

import java.util.List;
import org.llmrerank.rescorer.FlopsBudget;
import org.llmrerank.rescorer.Strategy;
import org.llmrerank.plugin.models.ModelSpecSettings;
import org.llmrerank.rest.models.ModelSpec;
import org.opensearch.common.settings.Setting;
import org.opensearch.common.settings.Setting.Property;
import org.opensearch.common.settings.Settings;
import org.opensearch.common.unit.TimeValue;
import org.opensearch.core.common.unit.ByteSizeUnit;
import org.opensearch.core.common.unit.ByteSizeValue;

/**
 * Settings of the plugin. Index settings supply defaults for the clause; cluster settings are
 * ceilings an operator sets for everyone; node settings size the inference resources.
 */
public final class LlmRerankSettings {

    private LlmRerankSettings() {}

    /** Default model for searches on this index ("" = the clause must name one). */
    public static final Setting<String> INDEX_MODEL =
        Setting.simpleString("index.llm_rerank.model", "", Property.IndexScope, Property.Dynamic);

    /** Default text field the model reads. */
    public static final Setting<String> INDEX_FIELD =
        Setting.simpleString("index.llm_rerank.field", "", Property.IndexScope, Property.Dynamic);

    /** Default strategy; validated so that a typo is refused when the setting is written, not at search time. */
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

    /** Largest rescore window a search may ask for: the model's cost grows linearly with it. */
    public static final Setting<Integer> MAX_WINDOW_SIZE =
        Setting.intSetting("plugins.llm_rerank.max_window_size", 1000, 1, 100_000, Property.NodeScope, Property.Dynamic);

    /**
     * Longest text to rerank for (the clause's query_text, or the query's own text): every model call carries it once
     * per passage or prompt, so it bounds what one search can make the model read.
     */
    public static final Setting<Integer> MAX_QUERY_CHARS =
        Setting.intSetting("plugins.llm_rerank.max_query_chars", 4096, 1, 1_000_000, Property.NodeScope, Property.Dynamic);

    /**
     * Characters of a hit's field the model reads; longer texts are cut. A document's length is no error of the searcher,
     * so this never fails a search; the default is well past what the bundled encoders read (512 tokens).
     */
    public static final Setting<Integer> MAX_PASSAGE_CHARS =
        Setting.intSetting("plugins.llm_rerank.max_passage_chars", 8192, 1, 10_000_000, Property.NodeScope, Property.Dynamic);

    /** Deadline for the model when the clause gives none; past it the query keeps first-stage order. */
    public static final Setting<TimeValue> DEFAULT_TIMEOUT = Setting.positiveTimeSetting(
        "plugins.llm_rerank.default_timeout", TimeValue.timeValueSeconds(30), Property.NodeScope, Property.Dynamic);

    /** ONNX Runtime intra-op threads per model call (default: the node's processors, at most 4). */
    public static final Setting<Integer> INFERENCE_THREADS =
        Setting.intSetting("plugins.llm_rerank.inference.threads", 0, 0, 256, Property.NodeScope);

    /** Concurrent model calls on this node; further ones queue (bounded) and are rejected when it is full. */
    public static final Setting<Integer> INFERENCE_CONCURRENCY =
        Setting.intSetting("plugins.llm_rerank.inference.concurrency", 1, 1, 64, Property.NodeScope);

    public static final Setting<Integer> INFERENCE_QUEUE_SIZE =
        Setting.intSetting("plugins.llm_rerank.inference.queue_size", 100, 1, 10_000, Property.NodeScope);

    /**
     * Directory that registered models must live in ({@code PUT _plugins/_llm_rerank/models/{name}} takes paths
     * relative to it). "" = {@code <path.conf>/llm_rerank_models}; a relative value is resolved against the
     * config directory. The plugin's security policy grants read access to the default location only.
     */
    public static final Setting<String> MODELS_PATH = Setting.simpleString("plugins.llm_rerank.models_path", "", Property.NodeScope);

    /** Largest model file (model.onnx, tokenizer.json, config.json) a registration may reference. */
    public static final Setting<ByteSizeValue> MODELS_MAX_FILE_SIZE = Setting.byteSizeSetting("plugins.llm_rerank.models_max_file_size",
        new ByteSizeValue(2, ByteSizeUnit.GB), new ByteSizeValue(1, ByteSizeUnit.KB), new ByteSizeValue(16, ByteSizeUnit.GB),
        Property.NodeScope);

    /**
     * Longest {@code query_prefix} / {@code passage_prefix} a registration through the models API may have. Prefixes are
     * stored in the cluster state and prepended to every text the model reads; whatever this says, no registration
     * (not even one written straight into the cluster settings) may exceed {@link ModelSpec#MAX_PREFIX_CHARS_CEILING}.
     */
    public static final Setting<Integer> MODELS_MAX_PREFIX_CHARS = Setting.intSetting("plugins.llm_rerank.models_max_prefix_chars",
        1024, 0, ModelSpec.MAX_PREFIX_CHARS_CEILING, Property.NodeScope, Property.Dynamic);

    /**
     * Registered models, {@code plugins.llm_rerank.models.<name>.{path,pooling,query_prefix,passage_prefix}}: written as
     * persistent cluster settings by the models API, so that every node applies them from the cluster state.
     */
    public static final Setting<Settings> MODELS =
        Setting.groupSetting(ModelSpec.SETTINGS_PREFIX, ModelSpecSettings::validateGroup, Property.NodeScope, Property.Dynamic);

    public static List<Setting<?>> all() {
        return List.of(
            INDEX_MODEL,
            INDEX_FIELD,
            INDEX_STRATEGY,
            INDEX_FLOPS_BUDGET,
            MAX_WINDOW_SIZE,
            MAX_QUERY_CHARS,
            MAX_PASSAGE_CHARS,
            DEFAULT_TIMEOUT,
            INFERENCE_THREADS,
            INFERENCE_CONCURRENCY,
            INFERENCE_QUEUE_SIZE,
            MODELS_PATH,
            MODELS_MAX_FILE_SIZE,
            MODELS_MAX_PREFIX_CHARS,
            MODELS
        );
    }
}
