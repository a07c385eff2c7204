package org.llmrerank.plugin.models;

import java.io.IOException;
import org.llmrerank.plugin.wire.OpenSearchWire;
import org.llmrerank.rest.models.ModelChange;
import org.llmrerank.rest.models.ModelSpec;
import org.llmrerank.rest.models.ModelWire;
import org.opensearch.action.ActionRequest;
import org.opensearch.action.ActionRequestValidationException;
import org.opensearch.core.common.io.stream.StreamInput;
import org.opensearch.core.common.io.stream.StreamOutput;

/** PUT (with a spec) or DELETE (without) of one registered model, carried in the engine-neutral {@link ModelWire} format. */
public final class ModelRequest extends ActionRequest {

    private final ModelChange change;

    public ModelRequest(String name, ModelSpec spec) {
        this.change = new ModelChange(name, spec);
    }

    public ModelRequest(StreamInput in) throws IOException {
        super(in);
        this.change = ModelWire.readChange(OpenSearchWire.in(in));
    }

    public String name() {
        return change.name();
    }

    public ModelSpec spec() {
        return change.spec();
    }

    @Override
    public ActionRequestValidationException validate() {
        return null; // validated in the transport action, where every failure becomes a 400 naming the field
    }

    @Override
    public void writeTo(StreamOutput out) throws IOException {
        super.writeTo(out);
        ModelWire.writeChange(OpenSearchWire.out(out), change);
    }
}
