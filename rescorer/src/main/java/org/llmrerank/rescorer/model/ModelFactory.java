package org.llmrerank.rescorer.model;

import java.io.IOException;
import java.io.InputStream;
import org.llmrerank.estimator.Architecture;
import org.llmrerank.rescorer.BiEncoderRerankModel;
import org.llmrerank.rescorer.CrossEncoderRerankModel;
import org.llmrerank.rescorer.ModelException;
import org.llmrerank.rescorer.RerankModel;
import org.llmrerank.rescorer.RoutedBiEncoderRerankModel;
import org.llmrerank.rescorer.RouterGuidedBiEncoderRerankModel;
import org.llmrerank.rescorer.RouterGuidedCrossEncoderRerankModel;
import org.llmrerank.rescorer.llm.CheckpointRerankModel;
import org.llmrerank.routing.BiEncoder;
import org.llmrerank.routing.BundledModel;
import org.llmrerank.routing.ModelResource;
import org.llmrerank.routing.crossencoder.CrossEncoderShape;
import org.llmrerank.routing.crossencoder.CrossEncoderTensors;
import org.llmrerank.routing.crossencoder.CrossEncoderWeights;
import org.llmrerank.routing.crossencoder.OnnxCrossEncoder;
import org.llmrerank.routing.crossencoder.RoutedCrossEncoder;
import org.llmrerank.routing.hf.CheckpointDirectory;
import org.llmrerank.routing.hf.SafetensorsCheckpoint;
import org.llmrerank.routing.onnx.EncoderException;
import org.llmrerank.routing.onnx.EncoderOptions;
import org.llmrerank.routing.onnx.LayeredBiEncoder;
import org.llmrerank.routing.onnx.LayeredOnnxEncoder;
import org.llmrerank.routing.onnx.OnnxBertEncoder;
import org.llmrerank.routing.onnx.Pooling;
import org.llmrerank.routing.runtime.LayerPath;
import org.llmrerank.routing.runtime.RoutedBiEncoder;
import org.llmrerank.routing.runtime.RoutedBundledModel;
import org.llmrerank.routing.tokenizer.PairTokenizer;
import org.llmrerank.routing.tokenizer.WordPieceTokenizer;

/**
 * Turns a {@link ModelDescriptor} into a loaded {@link RerankModel}: the one place where tokenizer, engine and
 * scoring are put together, for the plugin's bundled and registered models and for every command of the CLI. The
 * caller owns what it opens and closes it.
 */
public final class ModelFactory {

    /** Sequences per engine call on fp32 graphs (the routed runtime, ONNX Runtime's fp32 reference): no per-batch quantisation, so batching changes no score. */
    public static final int FP32_BATCH_SIZE = 32;

    private final EncoderOptions options;
    private final int maxSequenceLength;

    /**
     * @param options           ONNX Runtime threads, batch size and spinning of the int8 bi-encoders
     * @param maxSequenceLength tokens per text, special tokens included; longer texts are truncated
     */
    public ModelFactory(EncoderOptions options, int maxSequenceLength) {
        this.options = options;
        this.maxSequenceLength = maxSequenceLength;
    }

    /**
     * Loads the model.
     *
     * @throws ModelException when its files, weights or engine cannot be loaded (the message names the model)
     */
    public RerankModel open(ModelDescriptor descriptor) throws ModelException {
        return switch (descriptor) {
            case ModelDescriptor.Bundled b -> bundled(b);
            case ModelDescriptor.Routed r -> routed(r);
            case ModelDescriptor.Layered l -> layered(l);
            case ModelDescriptor.LayeredRouterGuided g -> layeredRouterGuided(g);
            case ModelDescriptor.OnnxRuntimeFp32 f -> onnxRuntimeFp32(f);
            case ModelDescriptor.RouterGuided g -> routerGuided(g);
            case ModelDescriptor.RegisteredOnnx r -> registeredOnnx(r);
            case ModelDescriptor.Checkpoint c -> CheckpointRerankModel.open(c.name(), c.dir(), c.pointwise(), c.prompt());
            case ModelDescriptor.OnnxCrossEncoder o -> onnxCrossEncoder(o);
            case ModelDescriptor.CheckpointCrossEncoder c -> checkpointCrossEncoder(c);
            case ModelDescriptor.RouterGuidedCrossEncoder g -> routerGuidedCrossEncoder(g);
        };
    }

    private RerankModel onnxCrossEncoder(ModelDescriptor.OnnxCrossEncoder o) throws ModelException {
        PairTokenizer tokenizer = null;
        try {
            tokenizer = pairTokenizer(o.tokenizer(), o.shape());
            // the node's batch size as for ONNX bi-encoders: an int8 graph's per-batch activation scales would make a
            // pair's score depend on its batch-mates
            OnnxCrossEncoder engine = OnnxCrossEncoder.load(o.graph(), o.shape(), options);
            return new CrossEncoderRerankModel(o.name(), tokenizer, engine, o.architecture(), o.graph().size());
        } catch (IOException | EncoderException | RuntimeException e) {
            if (tokenizer != null) {
                tokenizer.close();
            }
            throw new ModelException("cannot load model [" + o.name() + "]: [" + o.graph() + "] " + e.getMessage(), e);
        }
    }

    private RerankModel checkpointCrossEncoder(ModelDescriptor.CheckpointCrossEncoder c) throws ModelException {
        PairTokenizer tokenizer = null;
        try {
            tokenizer = pairTokenizer(c.tokenizer(), c.shape());
            SafetensorsCheckpoint checkpoint = SafetensorsCheckpoint.open(CheckpointDirectory.of(c.dir()));
            CrossEncoderWeights weights = CrossEncoderWeights.read(checkpoint, c.shape());
            RoutedCrossEncoder engine = RoutedCrossEncoder.load(weights, LayerPath.full(c.shape().encoder().layers()), FP32_BATCH_SIZE);
            // the engine holds fp32 copies whatever the files' dtype
            long bytes = Float.BYTES * new CrossEncoderTensors(c.shape()).parameters();
            return new CrossEncoderRerankModel(c.name(), tokenizer, engine, c.architecture(), bytes);
        } catch (IOException | RuntimeException | LinkageError e) {
            // LinkageError: DJL's engine missing from the classpath
            if (tokenizer != null) {
                tokenizer.close();
            }
            throw new ModelException("cannot load model [" + c.name() + "] on the routed runtime: " + e.getMessage(), e);
        }
    }

    private RerankModel routerGuidedCrossEncoder(ModelDescriptor.RouterGuidedCrossEncoder g) throws ModelException {
        ModelDescriptor.CheckpointCrossEncoder c = g.base();
        PairTokenizer tokenizer = null;
        try {
            tokenizer = pairTokenizer(c.tokenizer(), c.shape());
            CrossEncoderWeights weights = CrossEncoderWeights.read(SafetensorsCheckpoint.open(CheckpointDirectory.of(c.dir())), c.shape());
            RoutedCrossEncoder engine = RoutedCrossEncoder.load(weights, LayerPath.full(c.shape().encoder().layers()), FP32_BATCH_SIZE);
            long bytes = Float.BYTES * new CrossEncoderTensors(c.shape()).parameters();
            return new RouterGuidedCrossEncoderRerankModel(g.name(), tokenizer, engine, c.architecture(), g.routers(), g.knob(), bytes);
        } catch (IOException | RuntimeException | LinkageError e) {
            if (tokenizer != null) {
                tokenizer.close();
            }
            throw new ModelException("cannot load model [" + g.name() + "] (routers over [" + c.name() + "]) on the routed runtime: "
                + e.getMessage(), e);
        }
    }

    /** Pairs cut to the configured length, and never past the positions the model has. */
    private PairTokenizer pairTokenizer(ModelResource tokenizerJson, CrossEncoderShape shape) throws IOException {
        return PairTokenizer.fromJson(tokenizerJson.readAllBytes(), Math.min(maxSequenceLength, shape.encoder().maxPositions()));
    }

    private RerankModel bundled(ModelDescriptor.Bundled b) throws ModelException {
        var m = b.model();
        try {
            return onnxBiEncoder(m.modelName(), m.onnxModel(), m.tokenizer(), m.pooling(), m.queryPrefix(), m.passagePrefix(),
                m.architecture(), options);
        } catch (IOException | EncoderException | RuntimeException e) {
            throw new ModelException("cannot load bundled model [" + m.modelName() + "]: " + e.getMessage(), e);
        }
    }

    private RerankModel registeredOnnx(ModelDescriptor.RegisteredOnnx r) throws ModelException {
        try {
            return onnxBiEncoder(r.name(), r.graph(), r.tokenizer(), r.pooling(), r.queryPrefix(), r.passagePrefix(),
                r.architecture(), options);
        } catch (Exception e) {
            throw new ModelException("cannot load model [" + r.name() + "]: [" + r.graph() + "] " + e.getMessage());
        }
    }

    private RerankModel onnxRuntimeFp32(ModelDescriptor.OnnxRuntimeFp32 f) throws ModelException {
        RoutedBundledModel m = f.model();
        try {
            return onnxBiEncoder(f.name(), m.onnxModel(), m.tokenizer(), m.mirrors().pooling(), m.mirrors().queryPrefix(),
                m.mirrors().passagePrefix(), m.mirrors().architecture(), options.withBatchSize(FP32_BATCH_SIZE));
        } catch (IOException | EncoderException | RuntimeException e) {
            throw new ModelException("cannot load model [" + f.name() + "]: " + e.getMessage(), e);
        }
    }

    private RerankModel routed(ModelDescriptor.Routed r) throws ModelException {
        RoutedBundledModel m = r.model();
        try {
            RoutedBiEncoder encoder = m.load(maxSequenceLength, FP32_BATCH_SIZE);
            Architecture arch = m.mirrors().architecture();
            // fp32 graph: its initializers are the weights copied into the engine
            long weights = m.onnxModel().size();
            return new RoutedBiEncoderRerankModel(m.modelName(), encoder, arch, LayerPath.full(arch.nLayer()), () -> weights);
        } catch (IOException | RuntimeException | LinkageError e) {
            // LinkageError: DJL's engine missing from the classpath
            throw new ModelException("cannot load model [" + m.modelName() + "] on the routed runtime: " + e, e);
        }
    }

    private RerankModel routerGuided(ModelDescriptor.RouterGuided g) throws ModelException {
        RoutedBundledModel base = g.base();
        try {
            long weights = base.onnxModel().size();
            return new RouterGuidedBiEncoderRerankModel(g.name(), base.load(maxSequenceLength, FP32_BATCH_SIZE),
                base.mirrors().architecture(), g.routers(), g.knob(), () -> weights);
        } catch (IOException | RuntimeException | LinkageError e) {
            // LinkageError: the routed runtime's engine is not on this node's classpath
            throw new ModelException("cannot load model [" + g.name() + "] on the routed runtime: " + e);
        }
    }

    private RerankModel layered(ModelDescriptor.Layered l) throws ModelException {
        BundledModel m = l.model();
        try {
            Architecture arch = m.architecture();
            LayeredBiEncoder encoder = layeredBiEncoder(m);
            // every session holds its graph's weights: the layers, their first-position forms, the full path, the spans
            return new RoutedBiEncoderRerankModel(l.name(), encoder, arch, LayerPath.full(arch.nLayer()), encoder.encoder()::graphBytes);
        } catch (IOException | EncoderException | RuntimeException e) {
            throw new ModelException("cannot load model [" + l.name() + "] in per-layer sessions: " + e.getMessage(), e);
        }
    }

    private RerankModel layeredRouterGuided(ModelDescriptor.LayeredRouterGuided g) throws ModelException {
        BundledModel m = g.base();
        try {
            LayeredBiEncoder encoder = layeredBiEncoder(m);
            return new RouterGuidedBiEncoderRerankModel(g.name(), encoder, m.architecture(), g.routers(), g.knob(),
                encoder.encoder()::graphBytes);
        } catch (IOException | EncoderException | RuntimeException e) {
            throw new ModelException("cannot load model [" + g.name() + "] in per-layer sessions: " + e.getMessage(), e);
        }
    }

    /** The bundled int8 graph cut into per-layer sessions, with the options (threads, batch size) of the int8 bi-encoders. */
    public LayeredBiEncoder layeredBiEncoder(BundledModel m) throws IOException, EncoderException {
        WordPieceTokenizer tokenizer;
        try (InputStream json = m.tokenizer().open()) {
            tokenizer = WordPieceTokenizer.fromJson(json, maxSequenceLength);
        }
        LayeredOnnxEncoder encoder = LayeredOnnxEncoder.load(m.onnxModel(), m.architecture(), m.pooling(), options, tokenizer.padId());
        return new LayeredBiEncoder(tokenizer, encoder, m.queryPrefix(), m.passagePrefix());
    }

    /** Tokenizer and ONNX Runtime session of a BERT-class graph; its size is what its weights occupy. */
    private RerankModel onnxBiEncoder(String name, ModelResource graph, ModelResource tokenizerJson, Pooling pooling, String queryPrefix,
                                      String passagePrefix, Architecture architecture, EncoderOptions encoderOptions)
        throws IOException, EncoderException {
        long weightBytes = graph.size();
        WordPieceTokenizer tokenizer;
        try (InputStream json = tokenizerJson.open()) {
            tokenizer = WordPieceTokenizer.fromJson(json, maxSequenceLength);
        }
        OnnxBertEncoder encoder = OnnxBertEncoder.load(graph, pooling, encoderOptions, tokenizer.padId());
        return new BiEncoderRerankModel(name, new BiEncoder(tokenizer, encoder, queryPrefix, passagePrefix), architecture, weightBytes);
    }
}
