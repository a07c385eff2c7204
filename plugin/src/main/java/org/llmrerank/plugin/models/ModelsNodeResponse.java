package org.llmrerank.plugin.models;

import java.io.IOException;
import java.util.Map;
import org.opensearch.action.support.nodes.BaseNodeResponse;
import org.opensearch.cluster.node.DiscoveryNode;
import org.opensearch.core.common.io.stream.StreamInput;
import org.opensearch.core.common.io.stream.StreamOutput;

/** One node's models: name to whether it is loaded there. */
public final class ModelsNodeResponse extends BaseNodeResponse {

    private final Map<String, Boolean> loaded;

    public ModelsNodeResponse(DiscoveryNode node, Map<String, Boolean> loaded) {
        super(node);
        this.loaded = loaded;
    }

    public ModelsNodeResponse(StreamInput in) throws IOException {
        super(in);
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
