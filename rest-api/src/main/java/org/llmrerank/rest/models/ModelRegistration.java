package org.llmrerank.rest.models;

import java.util.LinkedHashMap;
import java.util.Map;
import org.llmrerank.rescorer.ModelException;
import org.llmrerank.rescorer.RerankModel;
import org.llmrerank.routing.onnx.EncoderOptions;

/**
 * What a write of the models API records, once its checks pass: a PUT's persistent cluster settings
 * {@code plugins.llm_rerank.models.<name>.*} after the name, the prefixes and the files are checked (an ONNX graph is
 * opened once to prove it loads, then freed), a DELETE's keys to clear. Each engine writes the result into its cluster
 * settings, and every node applies it from the cluster state ({@link RegisteredModels}).
 */
public final class ModelRegistration {

    private ModelRegistration() {}

    /**
     * The settings that register {@code spec} under {@code name}, all six keys (a PUT replaces every one).
     *
     * @param spec null when the request had no body
     * @throws IllegalArgumentException (a 400) naming the field or file that is wrong
     */
    public static Map<String, String> put(ModelCatalog catalog, String name, ModelSpec spec) {
        ModelSpec.validateName(name);
        if (spec == null) {
            throw new IllegalArgumentException(ModelRegistrationBody.REQUIRED);
        }
        spec.validatePrefixes(catalog.maxPrefixChars(), "[plugins.llm_rerank.models_max_prefix_chars]");
        ModelFiles.Checked checked = ModelFiles.check(catalog.modelsPath(), name, spec, catalog.maxFileBytes(), catalog.registered());
        if (checked.isCheckpoint()) {
            // an LLM's weights can be gigabytes: its files and headers are checked here, the weights load on first use on
            // the nodes that run it (a load failure then keeps first-stage order and shows in the stats' models section)
            return spec.toSettings(name);
        }
        RerankModel probe = null;
        try {
            probe = ModelFiles.open(catalog.modelsPath(), checked, name, spec, new EncoderOptions(1, 1, false), 32);
        } catch (ModelException e) {
            throw new IllegalArgumentException(e.getMessage());
        } finally {
            if (probe != null) {
                probe.close();
            }
        }
        return spec.toSettings(name);
    }

    /**
     * The settings keys a DELETE clears, each mapped to null.
     *
     * @throws IllegalArgumentException (a 400) for a name no registration may have
     * @throws org.llmrerank.rest.ApiException a 404 when no registration has {@code name}
     */
    public static Map<String, String> delete(ModelCatalog catalog, String name) {
        ModelSpec.validateName(name);
        catalog.requireRegistered(name);
        Map<String, String> cleared = new LinkedHashMap<>();
        for (String key : ModelSpec.KEYS) {
            cleared.put(ModelSpec.SETTINGS_PREFIX + name + "." + key, null);
        }
        return cleared;
    }
}
