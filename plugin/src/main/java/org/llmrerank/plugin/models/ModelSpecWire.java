package org.llmrerank.plugin.models;

import java.io.IOException;
import org.llmrerank.rest.models.ModelSpec;
import org.opensearch.core.common.io.stream.StreamInput;
import org.opensearch.core.common.io.stream.StreamOutput;

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
