package org.llmrerank.elasticsearch.eval;

import java.util.List;
import org.elasticsearch.common.settings.ClusterSettings;
import org.elasticsearch.common.settings.Setting;
import org.elasticsearch.common.settings.Setting.Property;
import org.elasticsearch.common.settings.Settings;
import org.llmrerank.rest.eval.EvalRequest.Limits;

/** The bounds of an eval request ({@link Limits}) as dynamic cluster settings, same keys and defaults as on OpenSearch. */
public final class EsEvalSettings {

    /** Judged requests per {@code _eval} call: each is two searches. */
    public static final Setting<Integer> MAX_REQUESTS = Setting.intSetting(Limits.MAX_REQUESTS_SETTING, Limits.DEFAULT_MAX_REQUESTS, 1,
        1_000_000, Property.NodeScope, Property.Dynamic);

    /** Largest relevance grade a qrels entry may carry. */
    public static final Setting<Integer> MAX_GRADE = Setting.intSetting(Limits.MAX_GRADE_SETTING, Limits.DEFAULT_MAX_GRADE, 1,
        Integer.MAX_VALUE, Property.NodeScope, Property.Dynamic);

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
