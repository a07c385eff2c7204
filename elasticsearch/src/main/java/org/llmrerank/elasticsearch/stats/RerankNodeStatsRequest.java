package org.llmrerank.elasticsearch.stats;

import java.io.IOException;
import org.elasticsearch.common.io.stream.StreamInput;
import org.elasticsearch.common.io.stream.StreamOutput;
import org.elasticsearch.transport.AbstractTransportRequest;

/** The per-node leg of a stats request. */
public final class RerankNodeStatsRequest extends AbstractTransportRequest {

    private final boolean reset;

    public RerankNodeStatsRequest(boolean reset) {
        this.reset = reset;
    }

    public RerankNodeStatsRequest(StreamInput in) throws IOException {
        super(in);
        this.reset = in.readBoolean();
    }

    public boolean reset() {
        return reset;
    }

    @Override
    public void writeTo(StreamOutput out) throws IOException {
        super.writeTo(out);
        out.writeBoolean(reset);
    }
}
