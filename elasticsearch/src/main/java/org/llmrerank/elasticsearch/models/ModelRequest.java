package org.llmrerank.elasticsearch.models;

import java.io.IOException;
import org.elasticsearch.action.ActionRequest;
import org.elasticsearch.action.ActionRequestValidationException;
import org.elasticsearch.common.io.stream.StreamInput;
import org.elasticsearch.common.io.stream.StreamOutput;
import org.llmrerank.elasticsearch.wire.ElasticsearchWire;
import org.llmrerank.rest.models.ModelChange;
import org.llmrerank.rest.models.ModelSpec;
import org.llmrerank.rest.models.ModelWire;

/** PUT (with a spec) or DELETE (without) of one registered model, carried in the engine-neutral {@link ModelWire} format. */
public final class ModelRequest extends ActionRequest {

    private final ModelChange change;

    public ModelRequest(String name, ModelSpec spec) {
        this.change = new ModelChange(name, spec);
    }

    public ModelRequest(StreamInput in) throws IOException {
        super(in);
        this.change = ModelWire.readChange(ElasticsearchWire.in(in));
    }

    public String name() {
        return change.name();
    }

    public ModelSpec spec() {
        return change.spec();
    }

    @Override
    public ActionRequestValidationException validate() {
        return null; // checked in the transport action, where every failure becomes a 400 naming the field
    }

    @Override
    public void writeTo(StreamOutput out) throws IOException {
        super.writeTo(out);
        ModelWire.writeChange(ElasticsearchWire.out(out), change);
    }
}
