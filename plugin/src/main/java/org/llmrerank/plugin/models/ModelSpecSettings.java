package org.llmrerank.plugin.models;

import java.util.Map;
import java.util.TreeMap;
import org.llmrerank.rest.models.ModelSpec;
import org.opensearch.common.settings.Settings;

/** Registrations as OpenSearch settings: the persistent cluster settings {@code plugins.llm_rerank.models.<name>.<key>}. */
public final class ModelSpecSettings {

    private ModelSpecSettings() {}

    /** The registrations in the group setting's value; validated when asked ({@link ModelSpec#fromGroup}). */
    public static Map<String, ModelSpec> fromGroup(Settings group, boolean validate) {
        return ModelSpec.fromGroup(flat(group), validate);
    }

    /** The group setting's validator. */
    public static void validateGroup(Settings group) {
        ModelSpec.validateGroup(flat(group));
    }

    private static Map<String, String> flat(Settings group) {
        Map<String, String> m = new TreeMap<>();
        for (String key : group.keySet()) {
            m.put(key, group.get(key));
        }
        return m;
    }
}
