package org.llmrerank.routing.runtime;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The architecture numbers of a Hugging Face encoder exported to ONNX, read from its graph: what its
 * config.json must say for the FLOPs estimate to describe the graph that actually runs. Keys are the
 * config.json names. Only what the graph shows is reported; a number the exporter folded away (renamed
 * initializers, fused nodes) is absent rather than guessed.
 *
 * <ul>
 *   <li>{@code vocab_size}, {@code hidden_size}: the word embedding table {@code [vocab, hidden]}
 *       ({@code ...embeddings.word_embeddings.weight}, int8 exports append {@code _quantized}).</li>
 *   <li>{@code num_hidden_layers}: one more than the highest layer index in initializer names
 *       ({@code encoder.layer.N.}) or node names ({@code /encoder/layer.N/}).</li>
 *   <li>{@code intermediate_size}: the first layer's FFN input bias ({@code layer.0.intermediate.dense.bias},
 *       DistilBERT's {@code layer.0.ffn.lin1.bias}).</li>
 * </ul>
 */
public final class OnnxEncoderShape {

    public static final String LAYERS = "num_hidden_layers";
    public static final String HIDDEN = "hidden_size";
    public static final String INTERMEDIATE = "intermediate_size";
    public static final String VOCAB = "vocab_size";

    private static final Pattern INITIALIZER_LAYER = Pattern.compile("(?:^|\\.)layers?\\.(\\d+)\\.");
    private static final Pattern NODE_LAYER = Pattern.compile("/layers?\\.(\\d+)/");
    private static final Pattern FFN_BIAS = Pattern.compile("(?:^|\\.)layers?\\.0\\.(?:intermediate\\.dense|ffn\\.lin1)\\.bias");
    private static final String QUANTIZED = "_quantized";

    private OnnxEncoderShape() {}

    /** The numbers the graph shows, by config.json key, in a fixed order. */
    public static Map<String, Long> of(OnnxModelFile graph) {
        Map<String, Long> shape = new LinkedHashMap<>();
        int layers = -1;
        for (OnnxTensorData t : graph.initializers().values()) {
            String name = t.name().endsWith(QUANTIZED) ? t.name().substring(0, t.name().length() - QUANTIZED.length()) : t.name();
            if (name.endsWith("embeddings.word_embeddings.weight") && t.dims().length == 2) {
                shape.put(VOCAB, t.dims()[0]);
                shape.put(HIDDEN, t.dims()[1]);
            }
            if (FFN_BIAS.matcher(name).find() && t.dims().length == 1) {
                shape.put(INTERMEDIATE, t.dims()[0]);
            }
            layers = Math.max(layers, highestIndex(INITIALIZER_LAYER.matcher(name)));
        }
        for (OnnxNode n : graph.nodes()) {
            layers = Math.max(layers, highestIndex(NODE_LAYER.matcher(n.name())));
        }
        if (layers >= 0) {
            shape.put(LAYERS, (long) layers + 1);
        }
        return shape;
    }

    private static int highestIndex(Matcher m) {
        int highest = -1;
        while (m.find()) {
            String digits = m.group(1);
            // an index too long for an int is no layer number any real graph has
            highest = Math.max(highest, digits.length() > 6 ? -1 : Integer.parseInt(digits));
        }
        return highest;
    }
}
