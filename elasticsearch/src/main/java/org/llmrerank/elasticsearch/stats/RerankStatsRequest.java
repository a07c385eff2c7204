package org.llmrerank.elasticsearch.stats;

import org.elasticsearch.action.support.nodes.BaseNodesRequest;

/** Stats of the given nodes, all when none is named. Whether it resets is decided by the action it is sent to. */
public final class RerankStatsRequest extends BaseNodesRequest {

    public RerankStatsRequest(String... nodeIds) {
        super(nodeIds);
    }
}
