package org.llmrerank.rest.clause;

import java.util.List;
import java.util.function.Consumer;
import org.llmrerank.rescorer.FlopsBudget;
import org.llmrerank.rescorer.Strategy;

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

    /** The index settings that fill a clause, in the order {@link RerankClauseResolver} reads them. */
    public static final List<TextSetting> CLAUSE_DEFAULTS = List.of(INDEX_MODEL, INDEX_FIELD, INDEX_STRATEGY, INDEX_FLOPS_BUDGET);

    private static void checkStrategy(String value) {
        if (Strategy.fromClauseName(value).isEmpty()) {
            throw new IllegalArgumentException(
                "unknown strategy [" + value + "] for [" + INDEX_STRATEGY_KEY + "]; expected one of [" + Strategy.allNames() + "]");
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
