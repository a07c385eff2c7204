package org.llmrerank.elasticsearch.stats;

import java.io.IOException;
import org.elasticsearch.action.support.nodes.BaseNodeResponse;
import org.elasticsearch.cluster.node.DiscoveryNode;
import org.elasticsearch.common.io.stream.StreamInput;
import org.elasticsearch.common.io.stream.StreamOutput;
import org.llmrerank.rest.stats.NodeStats;
import org.llmrerank.rest.stats.NodeStatsCodec;

/** One node's stats, carried between nodes in the API layer's encoding. */
public final class RerankNodeStats extends BaseNodeResponse {

    private final NodeStats stats;

    public RerankNodeStats(DiscoveryNode node, NodeStats stats) {
        super(node);
        this.stats = stats;
    }

    public RerankNodeStats(StreamInput in, DiscoveryNode node) throws IOException {
        super(in, node);
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
