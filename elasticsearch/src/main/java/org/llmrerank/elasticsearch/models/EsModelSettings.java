package org.llmrerank.elasticsearch.models;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.elasticsearch.common.settings.Setting;
import org.elasticsearch.common.settings.Setting.Property;
import org.elasticsearch.common.settings.Settings;
import org.elasticsearch.common.unit.ByteSizeUnit;
import org.elasticsearch.common.unit.ByteSizeValue;
import org.elasticsearch.env.Environment;
import org.llmrerank.elasticsearch.CatalogueSettings;
import org.llmrerank.elasticsearch.EsRerankSettings;
import org.llmrerank.rest.clause.SettingsCatalogue;
import org.llmrerank.rest.models.ModelSpec;

/**
 * The settings of the models API, under the same keys, defaults and bounds as on OpenSearch: the registrations
 * themselves are persistent cluster settings {@code plugins.llm_rerank.models.<name>.<key>}, so every node, and every
 * node that joins later, learns them from the cluster state.
 */
public final class EsModelSettings {

    private EsModelSettings() {}

    /** Largest model file (model.onnx, tokenizer.json, config.json, weights) a registration may reference. */
    public static final Setting<ByteSizeValue> MODELS_MAX_FILE_SIZE = Setting.byteSizeSetting("plugins.llm_rerank.models_max_file_size",
        ByteSizeValue.of(2, ByteSizeUnit.GB), ByteSizeValue.of(1, ByteSizeUnit.KB), ByteSizeValue.of(16, ByteSizeUnit.GB),
        Property.NodeScope);

    public static final Setting<Integer> MODELS_MAX_PREFIX_CHARS = CatalogueSettings.integer(SettingsCatalogue.MODELS_MAX_PREFIX_CHARS);

    /** The registrations; the validator refuses through the cluster settings API what the models API refuses without files. */
    public static final Setting<Settings> MODELS =
        Setting.groupSetting(ModelSpec.SETTINGS_PREFIX, group -> ModelSpec.validateGroup(flat(group)), Property.NodeScope, Property.Dynamic);

    public static List<Setting<?>> all() {
        return List.of(MODELS_MAX_FILE_SIZE, MODELS_MAX_PREFIX_CHARS, MODELS);
    }

    /**
     * The models directory, absolute and normalised: {@code plugins.llm_rerank.models_path}, resolved against the config
     * directory when relative, {@code <config>/llm_rerank_models} when unset.
     */
    public static Path modelsPath(Environment environment, Settings settings) {
        String configured = EsRerankSettings.MODELS_PATH.get(settings);
        return environment.configDir().resolve(configured.isEmpty() ? "llm_rerank_models" : configured).toAbsolutePath().normalize();
    }

    /** The registrations in the group setting's value, as they were written (checked when written). */
    public static Map<String, ModelSpec> registrations(Settings group) {
        return ModelSpec.fromGroup(flat(group), false);
    }

    private static Map<String, String> flat(Settings group) {
        Map<String, String> m = new TreeMap<>();
        for (String key : group.keySet()) {
            m.put(key, group.get(key));
        }
        return m;
    }
}
