package org.llmrerank.elasticsearch.models;

import java.io.IOException;
import org.elasticsearch.action.ActionRequest;
import org.elasticsearch.action.ActionRequestValidationException;
import org.elasticsearch.common.io.stream.StreamInput;
import org.elasticsearch.common.io.stream.StreamOutput;
import org.llmrerank.rest.models.ModelSpec;

/** PUT (with a spec) or DELETE (without) of one registered model. */
public final class ModelRequest extends ActionRequest {

    private final String name;
    private final ModelSpec spec; // null for DELETE

    public ModelRequest(String name, ModelSpec spec) {
        this.name = name;
        this.spec = spec;
    }

    public ModelRequest(StreamInput in) throws IOException {
        super(in);
        this.name = in.readString();
        this.spec = in.readBoolean() ? ModelSpecWire.read(in) : null;
    }

    public String name() {
        return name;
    }

    public ModelSpec spec() {
        return spec;
    }

    @Override
    public ActionRequestValidationException validate() {
        return null; // checked in the transport action, where every failure becomes a 400 naming the field
    }

    @Override
    public void writeTo(StreamOutput out) throws IOException {
        super.writeTo(out);
        out.writeString(name);
        out.writeBoolean(spec != null);
        if (spec != null) {
            ModelSpecWire.write(out, spec);
        }
    }
}
