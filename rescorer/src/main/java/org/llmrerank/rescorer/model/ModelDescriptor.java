package org.llmrerank.rescorer.model;

import java.nio.file.Path;
import java.util.Objects;
import java.util.Set;
import org.llmrerank.estimator.Architecture;
import org.llmrerank.estimator.RerankMethod;
import org.llmrerank.rescorer.BiEncoderRerankModel;
import org.llmrerank.rescorer.CrossEncoderRerankModel;
import org.llmrerank.rescorer.Strategy;
import org.llmrerank.rescorer.llm.CheckpointRerankModel;
import org.llmrerank.rescorer.llm.PointwisePrompt;
import org.llmrerank.routing.BundledModel;
import org.llmrerank.routing.ModelResource;
import org.llmrerank.routing.crossencoder.CrossEncoderShape;
import org.llmrerank.routing.onnx.Pooling;
import org.llmrerank.routing.runtime.RoutedBundledModel;
import org.llmrerank.routing.runtime.router.LayerRouters;

/**
 * What a reranking model is made of, before anything is loaded: {@link ModelFactory} turns it into a
 * {@link org.llmrerank.rescorer.RerankModel}, and what the model runs is known from it alone, so requests are validated
 * without loading. Bundled models are found by name ({@link ModelDescriptors#bundled}), registrations are built from
 * files already read and checked, command-line names resolve to one of these ({@link ModelDescriptors#commandLine}).
 */
public sealed interface ModelDescriptor {

    /** The name the model answers to. */
    String name();

    /** The clause strategies the model runs. */
    Set<Strategy> strategies();

    /** An int8 ONNX bi-encoder shipped in the plugin's jars (bge-small, all-minilm-l6-v2), on ONNX Runtime. */
    record Bundled(BundledModel model) implements ModelDescriptor {
        public Bundled {
            Objects.requireNonNull(model, "model");
        }

        @Override
        public String name() {
            return model.modelName();
        }

        @Override
        public Set<Strategy> strategies() {
            return BiEncoderRerankModel.strategies();
        }
    }

    /** A bundled model's fp32 weights on the routed runtime, every text at full depth ({@code bge-small-routed}). */
    record Routed(RoutedBundledModel model) implements ModelDescriptor {
        public Routed {
            Objects.requireNonNull(model, "model");
        }

        @Override
        public String name() {
            return model.modelName();
        }

        @Override
        public Set<Strategy> strategies() {
            return BiEncoderRerankModel.strategies();
        }
    }

    /**
     * A bundled int8 model cut into one ONNX Runtime session per layer ({@code bge-small-routed-int8}): the bundled
     * graph's own nodes and int8 kernels, run layer by layer, so a path can skip or repeat layers and the FLOPs are
     * counted per executed layer. Every text at full depth.
     */
    record Layered(BundledModel model) implements ModelDescriptor {

        /** What the name of a bundled model's layered form ends with. */
        public static final String SUFFIX = "-routed-int8";

        public Layered {
            Objects.requireNonNull(model, "model");
        }

        @Override
        public String name() {
            return model.modelName() + SUFFIX;
        }

        @Override
        public Set<Strategy> strategies() {
            return BiEncoderRerankModel.strategies();
        }
    }

    /**
     * The routed runtime's fp32 graph on ONNX Runtime ({@code bge-small-fp32}), the reference the runtime is checked
     * against: the same weights, texts and batches, another engine.
     */
    record OnnxRuntimeFp32(RoutedBundledModel model) implements ModelDescriptor {

        /** What the name of the fp32 reference of a routed model ends with. */
        public static final String SUFFIX = "-fp32";

        public OnnxRuntimeFp32 {
            Objects.requireNonNull(model, "model");
        }

        @Override
        public String name() {
            return model.mirrors().modelName() + SUFFIX;
        }

        @Override
        public Set<Strategy> strategies() {
            return BiEncoderRerankModel.strategies();
        }
    }

    /**
     * Trained Dr.LLM routers over a bundled model of the routed runtime: a registration's routers file, or the
     * command line's {@code --routers}.
     *
     * @param knob Dr.LLM's inference knob p in [-1, 1]; {@link LayerRouters#PLAIN} follows the routers as trained
     */
    record RouterGuided(String name, RoutedBundledModel base, LayerRouters routers, double knob) implements ModelDescriptor {
        public RouterGuided {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(base, "base");
            Objects.requireNonNull(routers, "routers");
        }

        @Override
        public Set<Strategy> strategies() {
            return BiEncoderRerankModel.strategies();
        }
    }

    /**
     * Trained Dr.LLM routers over a bundled int8 model's per-layer sessions: the command line's {@code --routers} with
     * a {@link Layered} model.
     *
     * @param knob Dr.LLM's inference knob p in [-1, 1]; {@link LayerRouters#PLAIN} follows the routers as trained
     */
    record LayeredRouterGuided(String name, BundledModel base, LayerRouters routers, double knob) implements ModelDescriptor {
        public LayeredRouterGuided {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(base, "base");
            Objects.requireNonNull(routers, "routers");
        }

        @Override
        public Set<Strategy> strategies() {
            return BiEncoderRerankModel.strategies();
        }
    }

    /**
     * A registered ONNX bi-encoder: its graph and tokenizer as read and checked (contents, so nothing re-opens a file
     * whose checks may no longer hold), the shape its config.json gives, and how the registration uses it.
     */
    record RegisteredOnnx(String name, ModelResource graph, ModelResource tokenizer, Architecture architecture, Pooling pooling,
                          String queryPrefix, String passagePrefix) implements ModelDescriptor {
        public RegisteredOnnx {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(graph, "graph");
            Objects.requireNonNull(tokenizer, "tokenizer");
            Objects.requireNonNull(architecture, "architecture");
            Objects.requireNonNull(pooling, "pooling");
            Objects.requireNonNull(queryPrefix, "queryPrefix");
            Objects.requireNonNull(passagePrefix, "passagePrefix");
        }

        @Override
        public Set<Strategy> strategies() {
            return BiEncoderRerankModel.strategies();
        }
    }

    /**
     * A Hugging Face checkpoint folder (a Llama-family / Qwen / Gemma decoder or a T5 encoder-decoder) on the DJL
     * runtimes, with every strategy its adapters support.
     *
     * @param pointwise how it scores pointwise: {@link RerankMethod#POINTWISE_YES_NO} or {@link RerankMethod#POINTWISE_QLM}
     * @param prompt    how yes_no asks the judgement (a reranker's own format)
     */
    record Checkpoint(String name, Path dir, RerankMethod pointwise, PointwisePrompt prompt) implements ModelDescriptor {
        public Checkpoint {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(dir, "dir");
            Objects.requireNonNull(pointwise, "pointwise");
            Objects.requireNonNull(prompt, "prompt");
        }

        @Override
        public Set<Strategy> strategies() {
            return CheckpointRerankModel.strategies(pointwise);
        }
    }

    /**
     * A cross-encoder exported to ONNX (a BERT or XLM-RoBERTa {@code *ForSequenceClassification} with a {@code logits}
     * output), on ONNX Runtime: its graph and tokenizer as read and checked, and the shape its config.json gives.
     */
    record OnnxCrossEncoder(String name, ModelResource graph, ModelResource tokenizer, CrossEncoderShape shape,
                            Architecture architecture) implements ModelDescriptor {
        public OnnxCrossEncoder {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(graph, "graph");
            Objects.requireNonNull(tokenizer, "tokenizer");
            Objects.requireNonNull(shape, "shape");
            Objects.requireNonNull(architecture, "architecture");
        }

        @Override
        public Set<Strategy> strategies() {
            return CrossEncoderRerankModel.strategies();
        }
    }

    /**
     * A cross-encoder checkpoint folder (a BERT or XLM-RoBERTa {@code *ForSequenceClassification} in safetensors) on
     * the routed runtime, every block of the encoder once; its weights load from {@code dir}, the tokenizer from the
     * bytes that were checked.
     */
    record CheckpointCrossEncoder(String name, Path dir, ModelResource tokenizer, CrossEncoderShape shape,
                                  Architecture architecture) implements ModelDescriptor {
        public CheckpointCrossEncoder {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(dir, "dir");
            Objects.requireNonNull(tokenizer, "tokenizer");
            Objects.requireNonNull(shape, "shape");
            Objects.requireNonNull(architecture, "architecture");
        }

        @Override
        public Set<Strategy> strategies() {
            return CrossEncoderRerankModel.strategies();
        }
    }

    /**
     * Trained Dr.LLM routers over a registered cross-encoder checkpoint on the routed runtime: each pair's blocks are
     * chosen by the routers, block by block, from the hidden state entering each.
     *
     * @param knob Dr.LLM's inference knob p in [-1, 1]; {@link LayerRouters#PLAIN} follows the routers as trained
     */
    record RouterGuidedCrossEncoder(String name, CheckpointCrossEncoder base, LayerRouters routers, double knob)
        implements ModelDescriptor {
        public RouterGuidedCrossEncoder {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(base, "base");
            Objects.requireNonNull(routers, "routers");
        }

        @Override
        public Set<Strategy> strategies() {
            return CrossEncoderRerankModel.strategies();
        }
    }
}
