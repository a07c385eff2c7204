package org.llmrerank.plugin.inference;

import java.io.IOException;
import java.util.List;
import org.llmrerank.plugin.wire.OpenSearchWire;
import org.llmrerank.scheduler.placement.InferenceWire;
import org.llmrerank.scheduler.placement.InferenceWork;
import org.opensearch.action.ActionRequest;
import org.opensearch.action.ActionRequestValidationException;
import org.opensearch.core.common.io.stream.StreamInput;
import org.opensearch.core.common.io.stream.StreamOutput;

import static org.opensearch.action.ValidateActions.addValidationError;

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
        this.work = InferenceWire.readWork(OpenSearchWire.in(in));
    }

    @Override
    public void writeTo(StreamOutput out) throws IOException {
        super.writeTo(out);
        InferenceWire.writeWork(OpenSearchWire.out(out), work);
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
