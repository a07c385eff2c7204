package org.llmrerank.plugin.inference;

import java.util.List;
import org.llmrerank.plugin.CatalogueSettings;
import org.llmrerank.rest.clause.SettingsCatalogue;
import org.opensearch.common.settings.Setting;

/** Settings of inference placement and of the per-node scheduler, keys, defaults and checks from {@link SettingsCatalogue}. */
public final class InferenceSettings {

    private InferenceSettings() {}

    /** Programs per batched call by default: 1 (no batching). */
    public static final int DEFAULT_MAX_BATCH_PROGRAMS = SettingsCatalogue.SCHEDULER_MAX_BATCH_PROGRAMS.defaultValue();

    /** Node role that marks inference nodes (besides the attribute below). */
    public static final String ML_ROLE = "ml";

    public static final Setting<String> NODE_ATTRIBUTE = CatalogueSettings.text(SettingsCatalogue.INFERENCE_NODE_ATTRIBUTE);

    public static final Setting<String> POLICY = CatalogueSettings.text(SettingsCatalogue.SCHEDULER_POLICY);

    public static final Setting<String> CHEAP_MODEL = CatalogueSettings.text(SettingsCatalogue.SCHEDULER_CHEAP_MODEL);

    public static final Setting<Double> FLOPS_PER_SECOND = CatalogueSettings.decimal(SettingsCatalogue.INFERENCE_FLOPS_PER_SECOND);

    public static final Setting<String> CALIBRATION_MODEL = CatalogueSettings.text(SettingsCatalogue.INFERENCE_CALIBRATION_MODEL);

    public static final Setting<Integer> MAX_BATCH_PROGRAMS = CatalogueSettings.integer(SettingsCatalogue.SCHEDULER_MAX_BATCH_PROGRAMS);

    public static final Setting<Integer> MAX_BATCH_PASSAGES = CatalogueSettings.integer(SettingsCatalogue.SCHEDULER_MAX_BATCH_PASSAGES);

    public static List<Setting<?>> all() {
        return List.of(NODE_ATTRIBUTE, POLICY, CHEAP_MODEL, FLOPS_PER_SECOND, CALIBRATION_MODEL, MAX_BATCH_PROGRAMS, MAX_BATCH_PASSAGES);
    }
}
