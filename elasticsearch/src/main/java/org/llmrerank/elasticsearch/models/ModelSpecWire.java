package org.llmrerank.elasticsearch.models;

import java.io.IOException;
import org.elasticsearch.common.io.stream.StreamInput;
import org.elasticsearch.common.io.stream.StreamOutput;
import org.llmrerank.rest.models.ModelSpec;

/** A registration between nodes: its six fields as strings, in order. */
final class ModelSpecWire {

    private ModelSpecWire() {}

    static ModelSpec read(StreamInput in) throws IOException {
        return new ModelSpec(in.readString(), in.readString(), in.readString(), in.readString(), in.readString(), in.readString());
    }

    static void write(StreamOutput out, ModelSpec spec) throws IOException {
        out.writeString(spec.path());
        out.writeString(spec.pooling());
        out.writeString(spec.queryPrefix());
        out.writeString(spec.passagePrefix());
        out.writeString(spec.base());
        out.writeString(spec.routerKnob());
    }
}
