package org.llmrerank.plugin.models;

import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.llmrerank.plugin.wire.OpenSearchWire;
import org.llmrerank.rest.models.ModelListing;
import org.llmrerank.rest.models.ModelSpec;
import org.llmrerank.rest.models.ModelWire;
import org.opensearch.action.FailedNodeException;
import org.opensearch.action.support.nodes.BaseNodesResponse;
import org.opensearch.cluster.ClusterName;
import org.opensearch.core.common.io.stream.StreamInput;
import org.opensearch.core.common.io.stream.StreamOutput;
import org.opensearch.core.xcontent.ToXContentObject;
import org.opensearch.core.xcontent.XContentBuilder;

/** The models and where each is loaded, rendered as the API layer lays them out ({@link ModelListing}). */
public final class ModelsResponse extends BaseNodesResponse<ModelsNodeResponse> implements ToXContentObject {

    private final String name;
    private final Map<String, ModelSpec> registered;

    public ModelsResponse(ClusterName clusterName, List<ModelsNodeResponse> nodes, List<FailedNodeException> failures,
                          String name, Map<String, ModelSpec> registered) {
        super(clusterName, nodes, failures);
        this.name = name;
        this.registered = new TreeMap<>(registered);
    }

    public ModelsResponse(StreamInput in) throws IOException {
        super(in);
        this.name = in.readOptionalString();
        this.registered = new TreeMap<>(in.readMap(StreamInput::readString, i -> ModelWire.readSpec(OpenSearchWire.in(i))));
    }

    @Override
    public void writeTo(StreamOutput out) throws IOException {
        super.writeTo(out);
        out.writeOptionalString(name);
        out.writeMap(registered, StreamOutput::writeString, (o, spec) -> ModelWire.writeSpec(OpenSearchWire.out(o), spec));
    }

    @Override
    protected List<ModelsNodeResponse> readNodesFrom(StreamInput in) throws IOException {
        return in.readList(ModelsNodeResponse::new);
    }

    @Override
    protected void writeNodesTo(StreamOutput out, List<ModelsNodeResponse> nodes) throws IOException {
        out.writeList(nodes);
    }

    @Override
    public XContentBuilder toXContent(XContentBuilder builder, Params params) throws IOException {
        List<ModelListing.NodeModels> nodes = getNodes().stream()
            .map(n -> new ModelListing.NodeModels(n.getNode().getId(), n.getNode().getName(), n.loaded())).toList();
        return builder.map(ModelListing.render(nodes, failures().size(), name, registered));
    }
}
