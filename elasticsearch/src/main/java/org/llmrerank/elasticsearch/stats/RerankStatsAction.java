package org.llmrerank.elasticsearch.stats;

import org.elasticsearch.action.ActionType;

/** Reading is a monitor action, so roles with cluster monitor permission can call it; resetting is an admin action. */
public final class RerankStatsAction {

    public static final String NAME = "cluster:monitor/llm_rerank/stats";
    /** Zeroing counters changes state: an admin action. */
    public static final String RESET_NAME = "cluster:admin/llm_rerank/stats/reset";
    public static final ActionType<RerankStatsResponse> INSTANCE = new ActionType<>(NAME);
    public static final ActionType<RerankStatsResponse> RESET = new ActionType<>(RESET_NAME);

    private RerankStatsAction() {}
}
