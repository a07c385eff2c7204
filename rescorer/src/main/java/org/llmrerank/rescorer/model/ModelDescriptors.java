package org.llmrerank.rescorer.model;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.llmrerank.estimator.HfConfig;
import org.llmrerank.estimator.RerankMethod;
import org.llmrerank.rescorer.llm.PointwisePrompt;
import org.llmrerank.routing.BundledModel;
import org.llmrerank.routing.ModelResource;
import org.llmrerank.routing.crossencoder.CrossEncoderShape;
import org.llmrerank.routing.runtime.RoutedBundledModel;
import org.llmrerank.routing.runtime.router.LayerRouters;

/** Finds the descriptor a name stands for: the bundled models by name, and what a command line's {@code --model} means. */
public final class ModelDescriptors {

    /** The bundled int8 models also offered cut into per-layer sessions ({@link ModelDescriptor.Layered}). */
    public static final List<BundledModel> LAYERED = List.of(BundledModel.BGE_SMALL);

    private ModelDescriptors() {}

    /**
     * Every bundled model this process can run, in a stable order: the ONNX Runtime ones always (then the layered
     * forms of {@link #LAYERED}), the routed-runtime ones where DJL's engine and their fp32 graph are on the classpath.
     */
    public static List<ModelDescriptor> bundled() {
        List<ModelDescriptor> out = new ArrayList<>();
        for (BundledModel m : BundledModel.values()) {
            out.add(new ModelDescriptor.Bundled(m));
        }
        for (BundledModel m : LAYERED) {
            out.add(new ModelDescriptor.Layered(m));
        }
        for (RoutedBundledModel m : RoutedBundledModel.values()) {
            if (m.runtimeAvailable()) {
                out.add(new ModelDescriptor.Routed(m));
            }
        }
        return out;
    }

    /** The bundled model of this name (any case, surrounding blanks ignored) that this process can run. */
    public static Optional<ModelDescriptor> bundled(String name) {
        if (name == null) {
            return Optional.empty();
        }
        String n = name.trim().toLowerCase(Locale.ROOT);
        return bundled().stream().filter(d -> d.name().equals(n)).findFirst();
    }

    /**
     * Whether {@code name} is a bundled model's (those cannot be replaced or removed); routed-runtime names are reserved
     * even where that runtime is absent, so a registration cannot take them.
     */
    public static boolean isBundledName(String name) {
        return BundledModel.byName(name).isPresent() || RoutedBundledModel.byName(name).isPresent()
            || LAYERED.stream().anyMatch(m -> new ModelDescriptor.Layered(m).name().equals(name));
    }

    /**
     * A command line's {@code --model}: a checkpoint folder ({@link #isCheckpointDir}), a bundled model, or a routed
     * model's fp32 graph on ONNX Runtime ({@code bge-small-fp32}). Empty for any other name.
     *
     * @param pointwise how a checkpoint scores pointwise (yes_no or qlm)
     * @param prompt    how a checkpoint's yes_no asks the judgement
     */
    public static Optional<ModelDescriptor> commandLine(String model, RerankMethod pointwise, PointwisePrompt prompt) {
        if (isCheckpointDir(model)) {
            Path dir = Path.of(model);
            String name = dir.getFileName() == null ? dir.toString() : dir.getFileName().toString();
            HfConfig config = HfConfig.read(dir.resolve(HfConfig.FILE_NAME));
            if (CrossEncoderShape.isSequenceClassifier(config)) {
                return Optional.of(crossEncoder(name, dir, config));
            }
            return Optional.of(new ModelDescriptor.Checkpoint(name, dir, pointwise, prompt));
        }
        for (RoutedBundledModel m : RoutedBundledModel.values()) {
            ModelDescriptor.OnnxRuntimeFp32 fp32 = new ModelDescriptor.OnnxRuntimeFp32(m);
            if (fp32.name().equalsIgnoreCase(model.trim())) {
                return Optional.of(fp32);
            }
        }
        return bundled(model);
    }

    /**
     * A command line's {@code --routers FILE}: trained routers over the routed bundled model {@code model} names, on the
     * DJL runtime or, for a layered name ({@code bge-small-routed-int8}), on the per-layer int8 sessions.
     *
     * @throws IllegalArgumentException when {@code model} is not a routed or layered bundled model
     * @throws IOException              when the routers file cannot be read
     */
    public static ModelDescriptor withRouters(String model, Path routersFile, double knob) throws IOException {
        for (BundledModel m : LAYERED) {
            String name = new ModelDescriptor.Layered(m).name();
            if (name.equalsIgnoreCase(model.trim())) {
                return new ModelDescriptor.LayeredRouterGuided(name + "+routers", m, LayerRouters.load(routersFile), knob);
            }
        }
        for (RoutedBundledModel m : RoutedBundledModel.values()) {
            if (m.modelName().equalsIgnoreCase(model.trim())) {
                return new ModelDescriptor.RouterGuided(m.modelName() + "+routers", m, LayerRouters.load(routersFile), knob);
            }
        }
        List<String> names = new ArrayList<>(RoutedBundledModel.names());
        LAYERED.forEach(m -> names.add(new ModelDescriptor.Layered(m).name()));
        throw new IllegalArgumentException("routers run on " + names + ", not on '" + model + "'");
    }

    /**
     * A cross-encoder folder: its ONNX graph ({@code model.onnx}) on ONNX Runtime where there is one, else its
     * safetensors on the routed runtime.
     *
     * @throws org.llmrerank.estimator.ConfigException when the config does not describe a cross-encoder we run
     */
    public static ModelDescriptor crossEncoder(String name, Path dir, HfConfig config) {
        CrossEncoderShape shape = CrossEncoderShape.of(config);
        ModelResource tokenizer = ModelResource.file(dir.resolve("tokenizer.json"));
        Path onnx = dir.resolve("model.onnx");
        return Files.isRegularFile(onnx)
            ? new ModelDescriptor.OnnxCrossEncoder(name, ModelResource.file(onnx), tokenizer, shape, shape.architecture(name))
            : new ModelDescriptor.CheckpointCrossEncoder(name, dir, tokenizer, shape, shape.architecture(name));
    }

    /** A model argument that names a folder holding a config.json: a Hugging Face checkpoint. */
    public static boolean isCheckpointDir(String model) {
        try {
            Path p = Path.of(model);
            return Files.isDirectory(p) && Files.isRegularFile(p.resolve(HfConfig.FILE_NAME));
        } catch (InvalidPathException e) {
            return false;
        }
    }
}
