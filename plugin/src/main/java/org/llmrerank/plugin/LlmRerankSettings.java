package org.llmrerank.plugin;

import java.util.List;
import org.llmrerank.plugin.models.ModelSpecSettings;
import org.llmrerank.rest.clause.SettingsCatalogue;
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
    public static final Setting<String> INDEX_MODEL = CatalogueSettings.text(SettingsCatalogue.INDEX_MODEL);

    /** Default text field the model reads. */
    public static final Setting<String> INDEX_FIELD = CatalogueSettings.text(SettingsCatalogue.INDEX_FIELD);

    /** Default strategy; validated so that a typo is refused when the setting is written, not at search time. */
    public static final Setting<String> INDEX_STRATEGY = CatalogueSettings.text(SettingsCatalogue.INDEX_STRATEGY);

    /** Default FLOPs budget per query ("" = unlimited), e.g. 5tf. */
    public static final Setting<String> INDEX_FLOPS_BUDGET = CatalogueSettings.text(SettingsCatalogue.INDEX_FLOPS_BUDGET);

    /** Largest rescore window a search may ask for: the model's cost grows linearly with it. */
    public static final Setting<Integer> MAX_WINDOW_SIZE = CatalogueSettings.integer(SettingsCatalogue.MAX_WINDOW_SIZE);

    /** Longest text to rerank for (the clause's query_text, or the query's own text). */
    public static final Setting<Integer> MAX_QUERY_CHARS = CatalogueSettings.integer(SettingsCatalogue.MAX_QUERY_CHARS);

    /** Characters of a hit's field the model reads; longer texts are cut, never failing a search. */
    public static final Setting<Integer> MAX_PASSAGE_CHARS = CatalogueSettings.integer(SettingsCatalogue.MAX_PASSAGE_CHARS);

    /** Deadline for the model when the clause gives none; past it the query keeps first-stage order. */
    public static final Setting<TimeValue> DEFAULT_TIMEOUT = CatalogueSettings.positiveTime(SettingsCatalogue.DEFAULT_TIMEOUT);

    /** ONNX Runtime intra-op threads per model call (default: the node's processors, at most 4). */
    public static final Setting<Integer> INFERENCE_THREADS = CatalogueSettings.integer(SettingsCatalogue.INFERENCE_THREADS);

    /** Where ONNX Runtime runs the ONNX models: cpu, or cuda with the GPU build of ONNX Runtime in the plugin. */
    public static final Setting<String> INFERENCE_EXECUTION_PROVIDER = CatalogueSettings.text(SettingsCatalogue.INFERENCE_EXECUTION_PROVIDER);

    /** Concurrent model calls on this node; further ones queue (bounded) and are rejected when it is full. */
    public static final Setting<Integer> INFERENCE_CONCURRENCY = CatalogueSettings.integer(SettingsCatalogue.INFERENCE_CONCURRENCY);

    public static final Setting<Integer> INFERENCE_QUEUE_SIZE = CatalogueSettings.integer(SettingsCatalogue.INFERENCE_QUEUE_SIZE);

    /**
     * Directory that registered models must live in ({@code PUT _plugins/_llm_rerank/models/{name}} takes paths
     * relative to it). "" = {@code <path.conf>/llm_rerank_models}; a relative value is resolved against the
     * config directory. The plugin's security policy grants read access to the default location only.
     */
    public static final Setting<String> MODELS_PATH = CatalogueSettings.text(SettingsCatalogue.MODELS_PATH);

    /** Largest model file (model.onnx, tokenizer.json, config.json) a registration may reference. */
    public static final Setting<ByteSizeValue> MODELS_MAX_FILE_SIZE = Setting.byteSizeSetting("plugins.llm_rerank.models_max_file_size",
        new ByteSizeValue(2, ByteSizeUnit.GB), new ByteSizeValue(1, ByteSizeUnit.KB), new ByteSizeValue(16, ByteSizeUnit.GB),
        Property.NodeScope);

    public static final Setting<Integer> MODELS_MAX_PREFIX_CHARS = CatalogueSettings.integer(SettingsCatalogue.MODELS_MAX_PREFIX_CHARS);

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
            INFERENCE_EXECUTION_PROVIDER,
            INFERENCE_CONCURRENCY,
            INFERENCE_QUEUE_SIZE,
            MODELS_PATH,
            MODELS_MAX_FILE_SIZE,
            MODELS_MAX_PREFIX_CHARS,
            MODELS
        );
    }
}
