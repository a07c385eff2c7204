package org.llmrerank.elasticsearch;

import java.util.List;
import org.elasticsearch.common.settings.Setting;
import org.elasticsearch.common.settings.Settings;
import org.elasticsearch.core.TimeValue;
import org.llmrerank.rest.clause.SettingsCatalogue;
import org.llmrerank.routing.onnx.ExecutionProvider;

/**
 * The plugin's settings, under the same keys as on OpenSearch: index settings give a search's defaults, cluster
 * settings are ceilings an operator sets for everyone, node settings size the inference resources.
 */
public final class EsRerankSettings {

    private EsRerankSettings() {}

    /** Default model for searches on this index ("" = the clause must name one). */
    public static final Setting<String> INDEX_MODEL = CatalogueSettings.text(SettingsCatalogue.INDEX_MODEL);

    /** Default text field the model reads. */
    public static final Setting<String> INDEX_FIELD = CatalogueSettings.text(SettingsCatalogue.INDEX_FIELD);

    /** Default strategy; checked when written, so a typo is refused then rather than at search time. */
    public static final Setting<String> INDEX_STRATEGY = CatalogueSettings.text(SettingsCatalogue.INDEX_STRATEGY);

    /** Default FLOPs budget per query ("" = unlimited), e.g. 5tf. */
    public static final Setting<String> INDEX_FLOPS_BUDGET = CatalogueSettings.text(SettingsCatalogue.INDEX_FLOPS_BUDGET);

    /** Largest window a search may ask the model to rerank: its cost grows linearly with it. */
    public static final Setting<Integer> MAX_WINDOW_SIZE = CatalogueSettings.integer(SettingsCatalogue.MAX_WINDOW_SIZE);

    /** Longest text to rerank for: every model call carries it once per passage or prompt. */
    public static final Setting<Integer> MAX_QUERY_CHARS = CatalogueSettings.integer(SettingsCatalogue.MAX_QUERY_CHARS);

    /** Characters of a hit's field the model reads; longer texts are cut (a document's length never fails a search). */
    public static final Setting<Integer> MAX_PASSAGE_CHARS = CatalogueSettings.integer(SettingsCatalogue.MAX_PASSAGE_CHARS);

    /** Deadline for the model when the clause gives none; past it the hits keep first-stage order. */
    public static final Setting<TimeValue> DEFAULT_TIMEOUT = CatalogueSettings.positiveTime(SettingsCatalogue.DEFAULT_TIMEOUT);

    /** ONNX Runtime and DJL PyTorch intra-op threads per model call (0 = the node's processors, at most 4). */
    public static final Setting<Integer> INFERENCE_THREADS = CatalogueSettings.integer(SettingsCatalogue.INFERENCE_THREADS);

    /** Where ONNX Runtime runs the ONNX models: cpu, or cuda with the GPU build of ONNX Runtime in the plugin. */
    public static final Setting<String> INFERENCE_EXECUTION_PROVIDER = CatalogueSettings.text(SettingsCatalogue.INFERENCE_EXECUTION_PROVIDER);

    /** Concurrent model calls on this node (thread pool {@code llm_rerank}); further ones queue. */
    public static final Setting<Integer> INFERENCE_CONCURRENCY = CatalogueSettings.integer(SettingsCatalogue.INFERENCE_CONCURRENCY);

    /** Queued model calls; when the queue is full a search keeps first-stage order (fallback cause {@code rejected}). */
    public static final Setting<Integer> INFERENCE_QUEUE_SIZE = CatalogueSettings.integer(SettingsCatalogue.INFERENCE_QUEUE_SIZE);

    /**
     * Directory registered models must live in; "" = {@code <config>/llm_rerank_models}, a relative value resolves
     * against the config directory. The plugin's entitlement policy grants read on whatever this names.
     */
    public static final Setting<String> MODELS_PATH = CatalogueSettings.text(SettingsCatalogue.MODELS_PATH);

    public static List<Setting<?>> all() {
        return List.of(INDEX_MODEL, INDEX_FIELD, INDEX_STRATEGY, INDEX_FLOPS_BUDGET, MAX_WINDOW_SIZE, MAX_QUERY_CHARS, MAX_PASSAGE_CHARS,
            DEFAULT_TIMEOUT, INFERENCE_THREADS, INFERENCE_EXECUTION_PROVIDER, INFERENCE_CONCURRENCY, INFERENCE_QUEUE_SIZE, MODELS_PATH);
    }

    /** The ONNX Runtime execution provider of this node's ONNX models. */
    public static ExecutionProvider executionProvider(Settings settings) {
        return SettingsCatalogue.executionProvider(INFERENCE_EXECUTION_PROVIDER.get(settings));
    }

    /** Intra-op threads per model call: the setting, or the node's processors up to 4. */
    public static int inferenceThreads(Settings settings) {
        return SettingsCatalogue.inferenceThreads(INFERENCE_THREADS.get(settings));
    }
}
