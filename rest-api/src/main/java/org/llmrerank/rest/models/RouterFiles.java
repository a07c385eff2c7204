package org.llmrerank.rest.models;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Path;
import java.util.function.Function;
import org.llmrerank.rescorer.model.ModelDescriptor;
import org.llmrerank.routing.runtime.router.LayerRouters;

/**
 * The checks of routers over another registration ({@code base} names it): the base must be a safetensors
 * cross-encoder (the routed runtime runs its blocks one by one; an ONNX graph runs whole and cannot be routed) whose own
 * files pass their checks, and its {@value ModelFiles#ROUTERS} must parse and route exactly the base's blocks, reading
 * states of its width. Every refusal is an {@link IllegalArgumentException} (a 400) naming the file or {@code [base]}.
 */
final class RouterFiles {

    private RouterFiles() {}

    /**
     * @param label     the routers file as messages name it
     * @param baseSpec  the registration {@code spec.base()} names
     * @param checkBase checks the base's own files, as its registration
     */
    static ModelFiles.Checked check(ModelFileReader reader, String label, Path dir, String name, ModelSpec spec, ModelSpec baseSpec,
                                    Function<ModelSpec, ModelFiles.Checked> checkBase) {
        LayerRouters routers = read(reader.read(dir, ModelFiles.ROUTERS, label), label);
        if (baseSpec.routesBase()) {
            throw new IllegalArgumentException("[base] [" + spec.base() + "] is itself routers over [" + baseSpec.base()
                + "]: routers route a model's own blocks");
        }
        ModelFiles.Checked base = checkBase.apply(baseSpec);
        if (!(base.descriptor() instanceof ModelDescriptor.CheckpointCrossEncoder crossEncoder)) {
            throw new IllegalArgumentException("[base] [" + spec.base() + "] is not a safetensors cross-encoder: routers choose blocks on"
                + " the routed runtime, which runs the bundled routed models and cross-encoder checkpoints block by block");
        }
        int layers = crossEncoder.shape().encoder().layers();
        int width = crossEncoder.shape().encoder().hidden();
        if (routers.layers() != layers || routers.inputDim() != width) {
            throw new IllegalArgumentException("[" + label + "] routes " + routers.layers() + " layers of width " + routers.inputDim()
                + "; [base] [" + spec.base() + "] has " + layers + " layers of width " + width);
        }
        return new ModelFiles.Checked(new ModelDescriptor.RouterGuidedCrossEncoder(name, crossEncoder, routers, spec.knob()),
            crossEncoder.architecture());
    }

    private static LayerRouters read(byte[] content, String label) {
        try {
            return LayerRouters.read(new ByteArrayInputStream(content));
        } catch (IOException | RuntimeException e) {
            throw new IllegalArgumentException("[" + label + "] is not a routers file written by train-routers");
        }
    }
}
