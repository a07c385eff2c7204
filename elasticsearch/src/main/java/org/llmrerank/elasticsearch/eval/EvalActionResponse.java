package org.llmrerank.elasticsearch.eval;

import java.io.IOException;
import java.util.Map;
import org.elasticsearch.action.ActionResponse;
import org.elasticsearch.action.support.TransportAction;
import org.elasticsearch.common.io.stream.StreamOutput;
import org.elasticsearch.xcontent.ToXContentObject;
import org.elasticsearch.xcontent.XContentBuilder;
import org.llmrerank.rest.eval.EvalReport;

/** The evaluation report as {@link EvalReport} renders it; built on the node that ran the evaluation and never sent on. */
public final class EvalActionResponse extends ActionResponse implements ToXContentObject {

    private final Map<String, Object> report;

    public EvalActionResponse(Map<String, Object> report) {
        this.report = report;
    }

    public Map<String, Object> report() {
        return report;
    }

    @Override
    public void writeTo(StreamOutput out) throws IOException {
        TransportAction.localOnly();
    }

    @Override
    public XContentBuilder toXContent(XContentBuilder builder, Params params) throws IOException {
        return builder.map(report);
    }
}
