package org.llmrerank.rest.models;

import java.io.IOException;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.llmrerank.routing.BundledModel;
import org.opensearch.action.FailedNodeException;
import org.opensearch.action.support.nodes.BaseNodesResponse;
import org.opensearch.cluster.ClusterName;
import org.opensearch.core.common.io.stream.StreamInput;
import org.opensearch.core.common.io.stream.StreamOutput;
import org.opensearch.core.xcontent.ToXContentObject;
import org.opensearch.core.xcontent.XContentBuilder;

/**
 * {@code {"models": {name: {"source": "bundled"|"registered", ...spec, "nodes": {nodeId: {"loaded": bool}}}}}}.
 */
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
        this.registered = new TreeMap<>(in.readMap(StreamInput::readString, ModelSpec::new));
    }

    @Override
    public void writeTo(StreamOutput out) throws IOException {
        super.writeTo(out);
        out.writeOptionalString(name);
        out.writeMap(registered, StreamOutput::writeString, (o, s) -> s.writeTo(o));
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
        Set<String> names = new LinkedHashSet<>();
        for (BundledModel m : BundledModel.values()) {
            names.add(m.modelName());
        }
        for (org.llmrerank.routing.runtime.RoutedBundledModel m : org.llmrerank.routing.runtime.RoutedBundledModel.values()) {
            if (m.runtimeAvailable()) {
                names.add(m.modelName());
            }
        }
        names.addAll(registered.keySet());
        builder.startObject();
        builder.startObject("_nodes").field("total", getNodes().size() + failures().size()).field("successful", getNodes().size())
            .field("failed", failures().size()).endObject();
        builder.startObject("models");
        for (String n : names) {
            if (name != null && !name.equals(n)) {
                continue;
            }
            builder.startObject(n);
            ModelSpec spec = registered.get(n);
            if (spec == null) {
                builder.field("source", "bundled");
            } else {
                builder.field("source", "registered").field("path", spec.path()).field("pooling", spec.pooling())
                    .field("query_prefix", spec.queryPrefix()).field("passage_prefix", spec.passagePrefix());
                if (spec.routesBase()) {
                    builder.field("base", spec.base()).field("router_knob", spec.knob());
                }
            }
            builder.startObject("nodes");
            for (ModelsNodeResponse node : getNodes()) {
                builder.startObject(node.getNode().getId()).field("name", node.getNode().getName())
                    .field("loaded", Boolean.TRUE.equals(node.loaded().get(n))).endObject();
            }
            builder.endObject();
            builder.endObject();
        }
        builder.endObject();
        return builder.endObject();
    }
}
