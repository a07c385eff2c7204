package org.llmrerank.routing.runtime;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads {@link BertWeights} out of a Hugging Face BERT exported to ONNX by {@code torch.onnx}
 * (the langchain4j / Xenova bge-small-en-v1.5 file), from its initializers.
 *
 * <p>Mapping (checked against the fp32 bge-small graph: 197 initializers, 1,244 nodes):
 * <ul>
 *   <li>Embeddings, biases and LayerNorm parameters keep their PyTorch names:
 *       {@code embeddings.word_embeddings.weight}, {@code encoder.layer.N.attention.self.query.bias},
 *       {@code encoder.layer.N.attention.output.LayerNorm.weight}, ...</li>
 *   <li>The six linear weights per layer do not: the exporter pre-transposes them to {@code [in, out]}
 *       and names them {@code onnx::MatMul_NNN}. They are found through the MatMul node that consumes
 *       them, whose name is the module path: {@code /encoder/layer.N/attention/self/query/MatMul},
 *       {@code .../key/MatMul}, {@code .../value/MatMul}, {@code /encoder/layer.N/attention/output/dense/MatMul},
 *       {@code /encoder/layer.N/intermediate/dense/MatMul}, {@code /encoder/layer.N/output/dense/MatMul}.
 *       The weight is that node's input that is an initializer (the other is the activation).</li>
 *   <li>Head count: the graph divides attention scores by a Constant {@code sqrt(headDim)}
 *       ({@code /encoder/layer.0/attention/self/Div}); heads = hidden / headDim.</li>
 *   <li>LayerNorm epsilon: the Constant added to the variance in {@code /embeddings/LayerNorm/Add}
 *       (LayerNorm is decomposed at opset 11).</li>
 * </ul>
 * Anything missing fails loudly with the name that was looked for, never a silently wrong model.
 */
public final class OnnxBertWeights {

    private static final Pattern LAYER_MATMUL = Pattern.compile(
            "/encoder/layer\\.(\\d+)/(attention/self/query|attention/self/key|attention/self/value"
                    + "|attention/output/dense|intermediate/dense|output/dense)/MatMul");

    private OnnxBertWeights() {}

    public static BertWeights read(OnnxModelFile onnx) {
        Map<String, OnnxNode> producers = new HashMap<>();
        for (OnnxNode n : onnx.nodes()) {
            for (String out : n.outputs()) {
                producers.put(out, n);
            }
        }
        // layer index -> module path -> weight initializer
        TreeMap<Integer, Map<String, OnnxTensorData>> matmuls = new TreeMap<>();
        for (OnnxNode n : onnx.nodes()) {
            Matcher m = LAYER_MATMUL.matcher(n.name());
            if (!"MatMul".equals(n.opType()) || !m.matches()) {
                continue;
            }
            OnnxTensorData weight = n.inputs().stream().map(onnx.initializers()::get)
                    .filter(java.util.Objects::nonNull).findFirst()
                    .orElseThrow(() -> new OnnxFormatException("MatMul " + n.name() + " has no initializer input"));
            matmuls.computeIfAbsent(Integer.parseInt(m.group(1)), k -> new HashMap<>()).put(m.group(2), weight);
        }
        if (matmuls.isEmpty() || matmuls.firstKey() != 0 || matmuls.lastKey() != matmuls.size() - 1) {
            throw new OnnxFormatException("expected MatMul nodes of layers 0..N-1 named like "
                    + "/encoder/layer.0/attention/self/query/MatMul, found layers " + matmuls.keySet());
        }

        OnnxTensorData word = onnx.initializer("embeddings.word_embeddings.weight");
        OnnxTensorData position = onnx.initializer("embeddings.position_embeddings.weight");
        OnnxTensorData type = onnx.initializer("embeddings.token_type_embeddings.weight");
        int hidden = (int) word.dims()[1];
        int headDim = headDim(onnx, producers);
        if (hidden % headDim != 0) {
            throw new OnnxFormatException("attention scale implies head size " + headDim + ", which does not divide " + hidden);
        }
        int intermediate = (int) matmuls.get(0).get("intermediate/dense").dims()[1];
        BertConfig config = new BertConfig(matmuls.size(), hidden, hidden / headDim, intermediate,
                (int) word.dims()[0], (int) position.dims()[0], (int) type.dims()[0], epsilon(onnx, producers));

        List<BertWeights.Layer> layers = new ArrayList<>();
        for (var entry : matmuls.entrySet()) {
            int i = entry.getKey();
            Map<String, OnnxTensorData> w = entry.getValue();
            String p = "encoder.layer." + i + ".";
            layers.add(new BertWeights.Layer(
                    linear(onnx, w, "attention/self/query", p + "attention.self.query.bias", i),
                    linear(onnx, w, "attention/self/key", p + "attention.self.key.bias", i),
                    linear(onnx, w, "attention/self/value", p + "attention.self.value.bias", i),
                    linear(onnx, w, "attention/output/dense", p + "attention.output.dense.bias", i),
                    norm(onnx, p + "attention.output.LayerNorm"),
                    linear(onnx, w, "intermediate/dense", p + "intermediate.dense.bias", i),
                    linear(onnx, w, "output/dense", p + "output.dense.bias", i),
                    norm(onnx, p + "output.LayerNorm")));
        }
        return new BertWeights(config, word.floats(), position.floats(), type.floats(),
                norm(onnx, "embeddings.LayerNorm"), layers);
    }

    private static BertWeights.Linear linear(OnnxModelFile onnx, Map<String, OnnxTensorData> weights, String module,
                                             String biasName, int layer) {
        OnnxTensorData w = weights.get(module);
        if (w == null) {
            throw new OnnxFormatException("no MatMul /encoder/layer." + layer + "/" + module + "/MatMul in the graph");
        }
        if (w.dims().length != 2) {
            throw new OnnxFormatException("weight of layer " + layer + " " + module + " is not a matrix: " + w);
        }
        return new BertWeights.Linear((int) w.dims()[0], (int) w.dims()[1], w.floats(), onnx.initializer(biasName).floats());
    }

    private static BertWeights.Norm norm(OnnxModelFile onnx, String prefix) {
        return new BertWeights.Norm(onnx.initializer(prefix + ".weight").floats(), onnx.initializer(prefix + ".bias").floats());
    }

    private static int headDim(OnnxModelFile onnx, Map<String, OnnxNode> producers) {
        float scale = scalarInput(onnx, producers, "/encoder/layer.0/attention/self/Div");
        long headDim = Math.round((double) scale * scale);
        if (headDim <= 0 || Math.abs(Math.sqrt(headDim) - scale) > 1e-4 * scale) {
            throw new OnnxFormatException("attention scale " + scale + " is not sqrt of an integer head size");
        }
        return (int) headDim;
    }

    private static float epsilon(OnnxModelFile onnx, Map<String, OnnxNode> producers) {
        return scalarInput(onnx, producers, "/embeddings/LayerNorm/Add");
    }

    /** The scalar fp32 Constant (or initializer) that is the second input of node {@code nodeName}. */
    private static float scalarInput(OnnxModelFile onnx, Map<String, OnnxNode> producers, String nodeName) {
        OnnxNode node = onnx.nodes().stream().filter(n -> n.name().equals(nodeName)).findFirst()
                .orElseThrow(() -> new OnnxFormatException("the graph has no node " + nodeName));
        if (node.inputs().size() != 2) {
            throw new OnnxFormatException(nodeName + " has " + node.inputs().size() + " inputs, expected 2");
        }
        String input = node.inputs().get(1);
        OnnxTensorData t = onnx.initializers().get(input);
        if (t == null) {
            OnnxNode producer = producers.get(input);
            t = producer == null ? null : producer.value();
        }
        if (t == null || t.elementCount() != 1) {
            throw new OnnxFormatException(nodeName + ": input " + input + " is not a scalar constant");
        }
        return t.floats()[0];
    }
}
