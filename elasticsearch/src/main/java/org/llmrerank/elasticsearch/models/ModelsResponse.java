package org.llmrerank.elasticsearch.models;

import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.elasticsearch.action.FailedNodeException;
import org.elasticsearch.action.support.TransportAction;
import org.elasticsearch.action.support.nodes.BaseNodesResponse;
import org.elasticsearch.cluster.ClusterName;
import org.elasticsearch.common.io.stream.StreamInput;
import org.elasticsearch.common.io.stream.StreamOutput;
import org.elasticsearch.xcontent.ToXContentObject;
import org.elasticsearch.xcontent.XContentBuilder;
import org.llmrerank.rest.models.ModelListing;
import org.llmrerank.rest.models.ModelSpec;

/**
 * The models and where each is loaded, rendered as the API layer lays them out ({@link ModelListing}). Built on the
 * node that received the request and never sent on.
 */
public final class ModelsResponse extends BaseNodesResponse<ModelsNodeResponse> implements ToXContentObject {

    private final String name;
    private final Map<String, ModelSpec> registered;

    public ModelsResponse(ClusterName clusterName, List<ModelsNodeResponse> nodes, List<FailedNodeException> failures, String name,
                          Map<String, ModelSpec> registered) {
        super(clusterName, nodes, failures);
        this.name = name;
        this.registered = new TreeMap<>(registered);
    }

    @Override
    protected List<ModelsNodeResponse> readNodesFrom(StreamInput in) {
        return TransportAction.localOnly();
    }

    @Override
    protected void writeNodesTo(StreamOutput out, List<ModelsNodeResponse> nodes) {
        TransportAction.localOnly();
    }

    @Override
    public XContentBuilder toXContent(XContentBuilder builder, Params params) throws IOException {
        List<ModelListing.NodeModels> nodes = getNodes().stream()
            .map(n -> new ModelListing.NodeModels(n.getNode().getId(), n.getNode().getName(), n.loaded())).toList();
        return builder.map(ModelListing.render(nodes, failures().size(), name, registered));
    }
}
