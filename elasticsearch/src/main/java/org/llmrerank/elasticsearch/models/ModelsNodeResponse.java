package org.llmrerank.elasticsearch.models;

import java.io.IOException;
import java.util.Map;
import org.elasticsearch.action.support.nodes.BaseNodeResponse;
import org.elasticsearch.cluster.node.DiscoveryNode;
import org.elasticsearch.common.io.stream.StreamInput;
import org.elasticsearch.common.io.stream.StreamOutput;

/** One node's models: name to whether it is loaded there. */
public final class ModelsNodeResponse extends BaseNodeResponse {

    private final Map<String, Boolean> loaded;

    public ModelsNodeResponse(DiscoveryNode node, Map<String, Boolean> loaded) {
        super(node);
        this.loaded = loaded;
    }

    public ModelsNodeResponse(StreamInput in, DiscoveryNode node) throws IOException {
        super(in, node);
        this.loaded = in.readMap(StreamInput::readString, StreamInput::readBoolean);
    }

    public Map<String, Boolean> loaded() {
        return loaded;
    }

    @Override
    public void writeTo(StreamOutput out) throws IOException {
        super.writeTo(out);
        out.writeMap(loaded, StreamOutput::writeString, StreamOutput::writeBoolean);
    }
}
