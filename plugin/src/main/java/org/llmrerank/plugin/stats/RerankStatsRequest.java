package org.llmrerank.plugin.stats;

import java.io.IOException;
import org.opensearch.action.support.nodes.BaseNodesRequest;
import org.opensearch.core.common.io.stream.StreamInput;

/** Stats of the given nodes, all when none is named. Whether it resets is decided by the action it is sent to. */
public final class RerankStatsRequest extends BaseNodesRequest<RerankStatsRequest> {

    public RerankStatsRequest(String... nodeIds) {
        super(nodeIds);
    }

    public RerankStatsRequest(StreamInput in) throws IOException {
        super(in);
    }
}
