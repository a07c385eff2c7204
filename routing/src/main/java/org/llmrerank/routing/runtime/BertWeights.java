package org.llmrerank.routing.runtime;

import java.util.List;
import java.util.Objects;

/**
 * All parameters of a BERT encoder as plain fp32 arrays, engine-neutral, so one loader (of the ONNX
 * graph's initializers) feeds both the DJL runtime and test references.
 *
 * <p>Linear weights are stored {@code [in, out]} row-major, i.e. {@code y = x · W + b}: the layout
 * of the ONNX export's MatMul initializers (PyTorch's {@code nn.Linear} keeps the transpose).
 */
public record BertWeights(BertConfig config, float[] wordEmbeddings, float[] positionEmbeddings,
                          float[] typeEmbeddings, Norm embeddingNorm, List<Layer> layers) {

    /** {@code y = x · weight + bias}, weight {@code [in, out]}. */
    public record Linear(int in, int out, float[] weight, float[] bias) {
        public Linear {
            requireLength("linear weight", weight, (long) in * out);
            requireLength("linear bias", bias, out);
        }
    }

    /** LayerNorm scale and shift. */
    public record Norm(float[] gamma, float[] beta) {
        public Norm {
            requireLength("LayerNorm beta", beta, gamma.length);
        }
    }

    /** One post-LN block: self-attention, then the GELU FFN, each followed by residual + LayerNorm. */
    public record Layer(Linear query, Linear key, Linear value, Linear attentionOutput, Norm attentionNorm,
                        Linear intermediate, Linear output, Norm outputNorm) {}

    public BertWeights {
        Objects.requireNonNull(config, "config");
        int d = config.hidden();
        requireLength("word embeddings", wordEmbeddings, (long) config.vocab() * d);
        requireLength("position embeddings", positionEmbeddings, (long) config.maxPositions() * d);
        requireLength("token type embeddings", typeEmbeddings, (long) config.typeVocab() * d);
        requireLength("embedding LayerNorm", embeddingNorm.gamma(), d);
        if (layers.size() != config.layers()) {
            throw new IllegalArgumentException("config says " + config.layers() + " layers, weights hold " + layers.size());
        }
        for (int i = 0; i < layers.size(); i++) {
            Layer l = layers.get(i);
            String at = "layer " + i + " ";
            requireShape(at + "query", l.query(), d, d);
            requireShape(at + "key", l.key(), d, d);
            requireShape(at + "value", l.value(), d, d);
            requireShape(at + "attention output", l.attentionOutput(), d, d);
            requireShape(at + "intermediate", l.intermediate(), d, config.intermediate());
            requireShape(at + "output", l.output(), config.intermediate(), d);
            requireLength(at + "attention LayerNorm", l.attentionNorm().gamma(), d);
            requireLength(at + "output LayerNorm", l.outputNorm().gamma(), d);
        }
        layers = List.copyOf(layers);
    }

    private static void requireShape(String what, Linear linear, int in, int out) {
        if (linear.in() != in || linear.out() != out) {
            throw new IllegalArgumentException(what + " is " + linear.in() + "x" + linear.out() + ", expected " + in + "x" + out);
        }
    }

    private static void requireLength(String what, float[] values, long expected) {
        if (values == null || values.length != expected) {
            throw new IllegalArgumentException(what + " holds " + (values == null ? "no" : values.length)
                    + " values, expected " + expected);
        }
    }
}
