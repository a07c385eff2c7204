package org.llmrerank.plugin.stats;

import java.io.IOException;
import java.util.List;
import org.llmrerank.rest.stats.StatsReport;
import org.opensearch.action.FailedNodeException;
import org.opensearch.action.support.nodes.BaseNodesResponse;
import org.opensearch.cluster.ClusterName;
import org.opensearch.core.common.io.stream.StreamInput;
import org.opensearch.core.common.io.stream.StreamOutput;
import org.opensearch.core.xcontent.ToXContentObject;
import org.opensearch.core.xcontent.XContentBuilder;

/** The nodes' stats, rendered as the API layer lays them out ({@link StatsReport}). */
public final class RerankStatsResponse extends BaseNodesResponse<RerankNodeStats> implements ToXContentObject {

    private final String stat;

    public RerankStatsResponse(ClusterName clusterName, List<RerankNodeStats> nodes, List<FailedNodeException> failures) {
        super(clusterName, nodes, failures);
        this.stat = null;
    }

    public RerankStatsResponse(StreamInput in) throws IOException {
        super(in);
        this.stat = null;
    }

    private RerankStatsResponse(RerankStatsResponse r, String stat) {
        super(r.getClusterName(), r.getNodes(), r.failures());
        this.stat = stat;
    }

    /** The same response showing only one stat (e.g. fallbacks_total), as {@code /stats/{stat}} asks. */
    public RerankStatsResponse only(String stat) {
        return new RerankStatsResponse(this, stat);
    }

    @Override
    protected List<RerankNodeStats> readNodesFrom(StreamInput in) throws IOException {
        return in.readList(RerankNodeStats::new);
    }

    @Override
    protected void writeNodesTo(StreamOutput out, List<RerankNodeStats> nodes) throws IOException {
        out.writeList(nodes);
    }

    @Override
    public XContentBuilder toXContent(XContentBuilder builder, Params params) throws IOException {
        List<StatsReport.NodeEntry> nodes = getNodes().stream().map(n -> new StatsReport.NodeEntry(n.getNode().getId(), n.stats())).toList();
        return builder.map(StatsReport.render(getClusterName().value(), nodes, failures().size(), stat));
    }
}
