package org.llmrerank.rest.eval;

import java.util.List;
import org.opensearch.common.settings.ClusterSettings;
import org.opensearch.common.settings.Setting;
import org.opensearch.common.settings.Setting.Property;
import org.opensearch.common.settings.Settings;

/**
 * Bounds on what one {@code _eval} request may make a node do: every judged request is two searches
 * run one after another, so the number of requests bounds its work; grades are bounded so that a
 * qrels line cannot ask for an absurd gain. Both are cluster settings an operator may raise.
 */
public final class EvalSettings {

    /** Judged requests per {@code _eval} call. */
    public static final Setting<Integer> MAX_REQUESTS =
        Setting.intSetting("plugins.llm_rerank.eval.max_requests", 1000, 1, 1_000_000, Property.NodeScope, Property.Dynamic);

    /** Largest relevance grade a qrels entry may carry (TREC uses 0..3). */
    public static final Setting<Integer> MAX_GRADE =
        Setting.intSetting("plugins.llm_rerank.eval.max_grade", 100, 1, Integer.MAX_VALUE, Property.NodeScope, Property.Dynamic);

    private volatile int maxRequests;
    private volatile int maxGrade;

    public EvalSettings(Settings settings, ClusterSettings clusterSettings) {
        this.maxRequests = MAX_REQUESTS.get(settings);
        this.maxGrade = MAX_GRADE.get(settings);
        clusterSettings.addSettingsUpdateConsumer(MAX_REQUESTS, v -> maxRequests = v);
        clusterSettings.addSettingsUpdateConsumer(MAX_GRADE, v -> maxGrade = v);
    }

    public static List<Setting<?>> all() {
        return List.of(MAX_REQUESTS, MAX_GRADE);
    }

    public EvalRequest.Limits limits() {
        return new EvalRequest.Limits(maxRequests, maxGrade);
    }
}
