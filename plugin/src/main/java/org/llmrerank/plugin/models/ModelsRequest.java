package org.llmrerank.plugin.models;

import java.io.IOException;
import org.opensearch.action.support.nodes.BaseNodesRequest;
import org.opensearch.core.common.io.stream.StreamInput;
import org.opensearch.core.common.io.stream.StreamOutput;
import org.opensearch.transport.TransportRequest;

/** GET of all models, or of one ({@code name} non-null), with the load state on every node. */
public final class ModelsRequest extends BaseNodesRequest<ModelsRequest> {

    private final String name;

    public ModelsRequest(String name) {
        super((String[]) null);
        this.name = name;
    }

    public ModelsRequest(StreamInput in) throws IOException {
        super(in);
        this.name = in.readOptionalString();
    }

    public String name() {
        return name;
    }

    @Override
    public void writeTo(StreamOutput out) throws IOException {
        super.writeTo(out);
        out.writeOptionalString(name);
    }

    /** The per-node leg: nothing to say, the node reports every model it knows. */
    public static final class Node extends TransportRequest {
        public Node() {}

        public Node(StreamInput in) throws IOException {
            super(in);
        }
    }
}
