package org.llmrerank.plugin.stats;

import org.opensearch.action.ActionType;

/** Reading is a monitor action, so roles with cluster monitor permission can call it; resetting is an admin action. */
public final class RerankStatsAction extends ActionType<RerankStatsResponse> {

    public static final String NAME = "cluster:monitor/llm_rerank/stats";
    /** Zeroing counters changes state: an admin action. */
    public static final String RESET_NAME = "cluster:admin/llm_rerank/stats/reset";
    public static final RerankStatsAction INSTANCE = new RerankStatsAction(NAME);
    public static final RerankStatsAction RESET = new RerankStatsAction(RESET_NAME);

    private RerankStatsAction(String name) {
        super(name, RerankStatsResponse::new);
    }
}
