package org.llmrerank.rest.stats;

import java.io.IOException;
import java.util.Map;
import org.opensearch.action.support.nodes.BaseNodeResponse;
import org.opensearch.cluster.node.DiscoveryNode;
import org.opensearch.core.common.io.stream.StreamInput;
import org.opensearch.core.common.io.stream.StreamOutput;

/** One node's counters, as the node's RerankCounters snapshot reported them. */
public final class RerankNodeStats extends BaseNodeResponse {

    private final Map<String, Object> stats;

    public RerankNodeStats(DiscoveryNode node, Map<String, Object> stats) {
        super(node);
        this.stats = stats;
    }

    public RerankNodeStats(StreamInput in) throws IOException {
        super(in);
        this.stats = in.readMap();
    }

    public Map<String, Object> stats() {
        return stats;
    }

    @Override
    public void writeTo(StreamOutput out) throws IOException {
        super.writeTo(out);
        out.writeMap(stats);
    }
}
