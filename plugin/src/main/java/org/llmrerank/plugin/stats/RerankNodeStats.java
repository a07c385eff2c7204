package org.llmrerank.plugin.stats;

import java.io.IOException;
import org.llmrerank.rest.stats.NodeStats;
import org.llmrerank.rest.stats.NodeStatsCodec;
import org.opensearch.action.support.nodes.BaseNodeResponse;
import org.opensearch.cluster.node.DiscoveryNode;
import org.opensearch.core.common.io.stream.StreamInput;
import org.opensearch.core.common.io.stream.StreamOutput;

/** One node's stats, carried between nodes in the API layer's encoding. */
public final class RerankNodeStats extends BaseNodeResponse {

    private final NodeStats stats;

    public RerankNodeStats(DiscoveryNode node, NodeStats stats) {
        super(node);
        this.stats = stats;
    }

    public RerankNodeStats(StreamInput in) throws IOException {
        super(in);
        this.stats = NodeStatsCodec.decodeFromNode(getNode().getId(), in.readByteArray());
    }

    public NodeStats stats() {
        return stats;
    }

    @Override
    public void writeTo(StreamOutput out) throws IOException {
        super.writeTo(out);
        out.writeByteArray(NodeStatsCodec.encode(stats));
    }
}
