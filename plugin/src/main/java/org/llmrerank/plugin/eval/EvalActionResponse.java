package org.llmrerank.plugin.eval;

import java.io.IOException;
import java.util.Map;
import org.opensearch.core.action.ActionResponse;
import org.opensearch.core.common.io.stream.StreamInput;
import org.opensearch.core.common.io.stream.StreamOutput;
import org.opensearch.core.xcontent.ToXContentObject;
import org.opensearch.core.xcontent.XContentBuilder;

/** The evaluation report: means over queries, FLOPs, RPP, QPP and the per-query figures. */
public final class EvalActionResponse extends ActionResponse implements ToXContentObject {

    private final Map<String, Object> report;

    public EvalActionResponse(Map<String, Object> report) {
        this.report = report;
    }

    public EvalActionResponse(StreamInput in) throws IOException {
        this.report = in.readMap();
    }

    public Map<String, Object> report() {
        return report;
    }

    @Override
    public void writeTo(StreamOutput out) throws IOException {
        out.writeMap(report);
    }

    @Override
    public XContentBuilder toXContent(XContentBuilder builder, Params params) throws IOException {
        return builder.map(report);
    }
}
