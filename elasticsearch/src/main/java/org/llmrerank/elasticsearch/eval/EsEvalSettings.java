package org.llmrerank.elasticsearch.eval;

import java.util.List;
import org.elasticsearch.common.settings.ClusterSettings;
import org.elasticsearch.common.settings.Setting;
import org.elasticsearch.common.settings.Settings;
import org.llmrerank.elasticsearch.CatalogueSettings;
import org.llmrerank.rest.clause.SettingsCatalogue;
import org.llmrerank.rest.eval.EvalRequest.Limits;

/** The bounds of an eval request ({@link Limits}) as dynamic cluster settings from {@link SettingsCatalogue}, read as they change. */
public final class EsEvalSettings {

    public static final Setting<Integer> MAX_REQUESTS = CatalogueSettings.integer(SettingsCatalogue.EVAL_MAX_REQUESTS);

    public static final Setting<Integer> MAX_GRADE = CatalogueSettings.integer(SettingsCatalogue.EVAL_MAX_GRADE);

    private volatile int maxRequests;
    private volatile int maxGrade;

    public EsEvalSettings(Settings settings, ClusterSettings clusterSettings) {
        this.maxRequests = MAX_REQUESTS.get(settings);
        this.maxGrade = MAX_GRADE.get(settings);
        clusterSettings.addSettingsUpdateConsumer(MAX_REQUESTS, v -> maxRequests = v);
        clusterSettings.addSettingsUpdateConsumer(MAX_GRADE, v -> maxGrade = v);
    }

    public static List<Setting<?>> all() {
        return List.of(MAX_REQUESTS, MAX_GRADE);
    }

    public Limits limits() {
        return new Limits(maxRequests, maxGrade);
    }
}
