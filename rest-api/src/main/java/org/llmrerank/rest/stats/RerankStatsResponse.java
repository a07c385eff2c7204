package org.llmrerank.rest.stats;

import java.io.IOException;
import java.util.List;
import java.util.Map;
import org.llmrerank.scheduler.RerankCounters;
import org.opensearch.action.FailedNodeException;
import org.opensearch.action.support.nodes.BaseNodesResponse;
import org.opensearch.cluster.ClusterName;
import org.opensearch.core.common.io.stream.StreamInput;
import org.opensearch.core.common.io.stream.StreamOutput;
import org.opensearch.core.xcontent.ToXContentObject;
import org.opensearch.core.xcontent.XContentBuilder;

/**
 * {@code {"_nodes": {...}, "cluster_name": ..., "cluster": {...}, "nodes": {id: {...}}}}: the cluster
 * section sums the nodes' counters and recomputes ratios from the sums.
 */
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

    public Map<String, Object> cluster() {
        return RerankCounters.merge(getNodes().stream().map(RerankNodeStats::stats).toList());
    }

    @Override
    public XContentBuilder toXContent(XContentBuilder builder, Params params) throws IOException {
        builder.startObject();
        builder.startObject("_nodes").field("total", getNodes().size() + failures().size()).field("successful", getNodes().size())
            .field("failed", failures().size()).endObject();
        builder.field("cluster_name", getClusterName().value());
        builder.field("cluster", select(cluster()));
        builder.startObject("nodes");
        for (RerankNodeStats n : getNodes()) {
            builder.field(n.getNode().getId(), select(n.stats()));
        }
        builder.endObject();
        return builder.endObject();
    }

    private Map<String, Object> select(Map<String, Object> stats) {
        Map<String, Object> all = RerankCounters.forDisplay(stats);
        if (stat == null) {
            return all;
        }
        Map<String, Object> one = new java.util.LinkedHashMap<>();
        one.put(stat, all.get(stat));
        return one;
    }
}
