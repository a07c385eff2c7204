package org.llmrerank.elasticsearch.models;

import java.io.IOException;
import org.elasticsearch.action.support.nodes.BaseNodesRequest;
import org.elasticsearch.common.Strings;
import org.elasticsearch.common.io.stream.StreamInput;
import org.elasticsearch.transport.AbstractTransportRequest;

/** GET of all models, or of one ({@code name} non-null), with the load state on every node. */
public final class ModelsRequest extends BaseNodesRequest {

    private final String name;

    public ModelsRequest(String name) {
        super(Strings.EMPTY_ARRAY); // every node
        this.name = name;
    }

    public String name() {
        return name;
    }

    /** The per-node leg: nothing to say, the node reports every model it knows. */
    public static final class Node extends AbstractTransportRequest {
        public Node() {}

        public Node(StreamInput in) throws IOException {
            super(in);
        }
    }
}
