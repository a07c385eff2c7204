package org.llmrerank.elasticsearch.stats;

import java.io.IOException;
import java.util.List;
import org.elasticsearch.action.FailedNodeException;
import org.elasticsearch.action.support.TransportAction;
import org.elasticsearch.action.support.nodes.BaseNodesResponse;
import org.elasticsearch.cluster.ClusterName;
import org.elasticsearch.common.io.stream.StreamInput;
import org.elasticsearch.common.io.stream.StreamOutput;
import org.elasticsearch.xcontent.ToXContentObject;
import org.elasticsearch.xcontent.XContentBuilder;
import org.llmrerank.rest.stats.StatsReport;

/** The nodes' stats, rendered as the API layer lays them out ({@link StatsReport}), as on OpenSearch. */
public final class RerankStatsResponse extends BaseNodesResponse<RerankNodeStats> implements ToXContentObject {

    private final String stat;

    public RerankStatsResponse(ClusterName clusterName, List<RerankNodeStats> nodes, List<FailedNodeException> failures, String stat) {
        super(clusterName, nodes, failures);
        this.stat = stat;
    }

    /** The same response showing only one stat (e.g. fallbacks_total), as {@code /stats/{stat}} asks. */
    public RerankStatsResponse only(String stat) {
        return new RerankStatsResponse(getClusterName(), getNodes(), failures(), stat);
    }

    @Override
    protected List<RerankNodeStats> readNodesFrom(StreamInput in) throws IOException {
        return TransportAction.localOnly(); // answered on the node that received the request
    }

    @Override
    protected void writeNodesTo(StreamOutput out, List<RerankNodeStats> nodes) throws IOException {
        TransportAction.localOnly();
    }

    @Override
    public XContentBuilder toXContent(XContentBuilder builder, Params params) throws IOException {
        List<StatsReport.NodeEntry> nodes = getNodes().stream().map(n -> new StatsReport.NodeEntry(n.getNode().getId(), n.stats())).toList();
        return builder.map(StatsReport.render(getClusterName().value(), nodes, failures().size(), stat));
    }
}
