package org.llmrerank.rest.models;

import java.io.IOException;
import org.llmrerank.scheduler.wire.WireInput;
import org.llmrerank.scheduler.wire.WireOutput;

/** Model registrations between nodes, for every engine: a spec is its six fields as strings, in order. */
public final class ModelWire {

    private ModelWire() {}

    public static void writeSpec(WireOutput out, ModelSpec spec) throws IOException {
        out.writeString(spec.path());
        out.writeString(spec.pooling());
        out.writeString(spec.queryPrefix());
        out.writeString(spec.passagePrefix());
        out.writeString(spec.base());
        out.writeString(spec.routerKnob());
    }

    public static ModelSpec readSpec(WireInput in) throws IOException {
        return new ModelSpec(in.readString(), in.readString(), in.readString(), in.readString(), in.readString(), in.readString());
    }

    /** The name, then whether a spec follows (a PUT) or not (a DELETE), then the spec. */
    public static void writeChange(WireOutput out, ModelChange change) throws IOException {
        out.writeString(change.name());
        out.writeBoolean(change.spec() != null);
        if (change.spec() != null) {
            writeSpec(out, change.spec());
        }
    }

    public static ModelChange readChange(WireInput in) throws IOException {
        String name = in.readString();
        return new ModelChange(name, in.readBoolean() ? readSpec(in) : null);
    }
}
