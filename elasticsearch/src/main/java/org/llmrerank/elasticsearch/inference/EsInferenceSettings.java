package org.llmrerank.elasticsearch.inference;

import java.util.List;
import org.elasticsearch.common.settings.Setting;
import org.llmrerank.elasticsearch.CatalogueSettings;
import org.llmrerank.rest.clause.SettingsCatalogue;

/**
 * Settings of inference placement and of the per-node scheduler, keys, defaults and checks from {@link SettingsCatalogue}.
 * On Elasticsearch only the node attribute marks inference nodes: the {@code ml} role belongs to X-Pack's machine learning.
 */
public final class EsInferenceSettings {

    private EsInferenceSettings() {}

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
