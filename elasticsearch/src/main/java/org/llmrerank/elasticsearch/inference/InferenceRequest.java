package org.llmrerank.elasticsearch.inference;

import java.io.IOException;
import java.util.List;
import org.elasticsearch.action.ActionRequest;
import org.elasticsearch.action.ActionRequestValidationException;
import org.elasticsearch.common.io.stream.StreamInput;
import org.elasticsearch.common.io.stream.StreamOutput;
import org.llmrerank.elasticsearch.wire.ElasticsearchWire;
import org.llmrerank.scheduler.placement.InferenceWire;
import org.llmrerank.scheduler.placement.InferenceWork;

import static org.elasticsearch.action.ValidateActions.addValidationError;

/** One query's window sent to an inference node, carried in the engine-neutral {@link InferenceWire} format. */
public final class InferenceRequest extends ActionRequest {

    private final InferenceWork work;

    public InferenceRequest(String model, String query, List<String> passages, long timeoutMillis) {
        this(new InferenceWork(model, query, passages, timeoutMillis));
    }

    public InferenceRequest(InferenceWork work) {
        this.work = work;
    }

    public InferenceRequest(StreamInput in) throws IOException {
        super(in);
        this.work = InferenceWire.readWork(ElasticsearchWire.in(in));
    }

    @Override
    public void writeTo(StreamOutput out) throws IOException {
        super.writeTo(out);
        InferenceWire.writeWork(ElasticsearchWire.out(out), work);
    }

    @Override
    public ActionRequestValidationException validate() {
        ActionRequestValidationException e = null;
        for (String error : InferenceWire.validate(work)) {
            e = addValidationError(error, e);
        }
        return e;
    }

    public InferenceWork work() {
        return work;
    }
}
