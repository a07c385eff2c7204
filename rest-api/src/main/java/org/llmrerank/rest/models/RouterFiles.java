package org.llmrerank.rest.models;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.function.BiFunction;
import org.llmrerank.estimator.Architecture;
import org.llmrerank.rescorer.model.ModelDescriptor;
import org.llmrerank.routing.runtime.RoutedBundledModel;
import org.llmrerank.routing.runtime.router.LayerRouters;

/**
 * The checks of a routers registration ({@code base} given): its {@value ModelFiles#ROUTERS} parses and routes exactly
 * the base's blocks, reading states of its width. The base is a bundled model of the routed runtime, or a registered
 * safetensors cross-encoder (the routed runtime runs its blocks one by one; an ONNX graph runs whole and cannot be
 * routed). Every refusal is an {@link IllegalArgumentException} (a 400) naming the file or {@code [base]}.
 */
final class RouterFiles {

    private RouterFiles() {}

    /**
     * @param label      the routers file as messages name it
     * @param registered the registrations in force, where a base that is not bundled is looked up
     * @param checkBase  checks a registered base's own files, as its registration
     */
    static ModelFiles.Checked check(ModelFileReader reader, String label, Path dir, String name, ModelSpec spec,
                                    Map<String, ModelSpec> registered, BiFunction<String, ModelSpec, ModelFiles.Checked> checkBase) {
        LayerRouters routers = read(reader.read(dir, ModelFiles.ROUTERS, label), label);
        Optional<RoutedBundledModel> bundled = RoutedBundledModel.byName(spec.base());
        if (bundled.isPresent()) {
            Architecture shape = bundled.get().mirrors().architecture();
            requireShape(routers, label, spec.base(), shape.nLayer(), shape.dModel());
            return new ModelFiles.Checked(new ModelDescriptor.RouterGuided(name, bundled.get(), routers, spec.knob()), shape);
        }
        ModelSpec baseSpec = registered.get(spec.base());
        if (baseSpec == null || spec.base().equals(name)) {
            throw new IllegalArgumentException("[base] [" + spec.base() + "] is neither a bundled model of the routed runtime "
                + RoutedBundledModel.names() + " nor another registered model");
        }
        if (baseSpec.routesBase()) {
            throw new IllegalArgumentException("[base] [" + spec.base() + "] is itself routers over [" + baseSpec.base()
                + "]: routers route a model's own blocks");
        }
        ModelFiles.Checked base = checkBase.apply(spec.base(), baseSpec);
        if (!(base.descriptor() instanceof ModelDescriptor.CheckpointCrossEncoder crossEncoder)) {
            throw new IllegalArgumentException("[base] [" + spec.base() + "] is not a safetensors cross-encoder: routers choose blocks on"
                + " the routed runtime, which runs the bundled routed models and cross-encoder checkpoints block by block");
        }
        requireShape(routers, label, spec.base(), crossEncoder.shape().encoder().layers(), crossEncoder.shape().encoder().hidden());
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

    private static void requireShape(LayerRouters routers, String label, String base, int layers, int width) {
        if (routers.layers() != layers || routers.inputDim() != width) {
            throw new IllegalArgumentException("[" + label + "] routes " + routers.layers() + " layers of width " + routers.inputDim()
                + "; [base] [" + base + "] has " + layers + " layers of width " + width);
        }
    }
}
