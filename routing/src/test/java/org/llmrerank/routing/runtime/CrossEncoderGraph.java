package org.llmrerank.routing.runtime;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.List;
import java.util.Map;
import org.llmrerank.routing.crossencoder.CrossEncoderFamily;
import org.llmrerank.routing.crossencoder.CrossEncoderShape;
import org.llmrerank.routing.crossencoder.CrossEncoderTensors;

/**
 * Writes a runnable ONNX graph of a cross-encoder from a checkpoint's tensors (PyTorch names and layouts, as
 * {@link CrossEncoderTensors} lists them), op by op as Hugging Face's modules compute: embeddings and their LayerNorm,
 * post-LayerNorm blocks with erf GELU, the head on the first token. Written independently of the routed runtime, so
 * ONNX Runtime running it is a reference for that runtime on the same weights.
 *
 * <p>Positions are {@code cumsum(attention_mask) - 1 + offset}: for right-padded rows every real token gets its
 * index (BERT) or its index after {@code pad_token_id + 1} (RoBERTa); padding positions differ from Hugging Face's but
 * are masked and never read.
 */
public final class CrossEncoderGraph {

    private static final int FLOAT = 1;
    private static final int INT64 = 7;

    private final ProtoWriter graph = new ProtoWriter();
    private final Map<String, float[]> tensors;
    private final Map<String, long[]> shapes;
    private int next;

    private CrossEncoderGraph(Map<String, float[]> tensors, Map<String, long[]> shapes) {
        this.tensors = tensors;
        this.shapes = shapes;
    }

    /** The ONNX ModelProto (opset 17) of the cross-encoder whose tensors are {@code tensors}. */
    public static byte[] write(CrossEncoderShape shape, Map<String, float[]> tensors) {
        CrossEncoderTensors names = new CrossEncoderTensors(shape);
        CrossEncoderGraph g = new CrossEncoderGraph(tensors, names.all());
        return g.build(shape, names);
    }

    private byte[] build(CrossEncoderShape shape, CrossEncoderTensors names) {
        BertConfig c = shape.encoder();
        boolean types = shape.family() == CrossEncoderFamily.BERT;
        graph.string(2, "cross-encoder stand-in");
        graph.message(11, valueInfo("input_ids", INT64, "batch", "sequence"));
        graph.message(11, valueInfo("attention_mask", INT64, "batch", "sequence"));
        if (types) {
            graph.message(11, valueInfo("token_type_ids", INT64, "batch", "sequence"));
        }
        graph.message(12, valueInfo("logits", FLOAT, "batch", shape.labels()));

        // embeddings
        String positions = op("Add", op("CumSum", "attention_mask", int64("axis", new long[] {1})),
            int64("position_shift", new long[] {shape.positionOffset() - 1}));
        String x = op("Add", op("Gather", initializer(names.wordEmbeddings()), "input_ids"),
            op("Gather", initializer(names.positionEmbeddings()), positions));
        String typeTable = initializer(names.typeEmbeddings());
        x = types ? op("Add", x, op("Gather", typeTable, "token_type_ids"))
            : op("Add", x, op("Gather", typeTable, int64("type_zero", new long[] {0})));
        x = layerNorm(x, names.embeddingNorm(), c.layerNormEps());

        // [batch, 1, 1, sequence]: 0 for tokens, a large negative number for padding
        String mask = op("Cast", List.of("attention_mask"), attribute("to", FLOAT));
        String bias = op("Mul", op("Sub", floats("one", 1f), mask), floats("masked", -1e9f));
        bias = op("Unsqueeze", bias, int64("mask_axes", new long[] {1, 2}, 2));

        String heads = int64("heads_shape", new long[] {0, 0, c.heads(), c.headDim()}, 4);
        String merged = int64("merged_shape", new long[] {0, 0, c.hidden()}, 3);
        for (int i = 0; i < c.layers(); i++) {
            String q = transpose(op("Reshape", linear(x, names.block(i, "attention.self.query.")), heads), 0, 2, 1, 3);
            String k = transpose(op("Reshape", linear(x, names.block(i, "attention.self.key.")), heads), 0, 2, 3, 1);
            String v = transpose(op("Reshape", linear(x, names.block(i, "attention.self.value.")), heads), 0, 2, 1, 3);
            String scores = op("Add", op("Div", op("MatMul", q, k), floats("scale" + i, (float) Math.sqrt(c.headDim()))), bias);
            String probabilities = op("Softmax", List.of(scores), attribute("axis", -1));
            String context = op("Reshape", transpose(op("MatMul", probabilities, v), 0, 2, 1, 3), merged);
            String attended = layerNorm(op("Add", linear(context, names.block(i, "attention.output.dense.")), x),
                names.block(i, "attention.output.LayerNorm."), c.layerNormEps());
            String inner = linear(attended, names.block(i, "intermediate.dense."));
            String gelu = op("Mul", op("Mul", inner, op("Add", op("Erf", op("Div", inner, floats("sqrt2_" + i, (float) Math.sqrt(2)))),
                floats("one_" + i, 1f))), floats("half_" + i, 0.5f));
            x = layerNorm(op("Add", linear(gelu, names.block(i, "output.dense.")), attended), names.block(i, "output.LayerNorm."),
                c.layerNormEps());
        }
        String first = op("Gather", List.of(x, int64("first", new long[] {0})), attribute("axis", 1));
        String pooled = op("Tanh", linear(first, names.headDense()));
        String logits = linear(pooled, names.headOut());
        graph.message(1, node("Identity", List.of(logits), "logits", List.of()));
        ProtoWriter opset = new ProtoWriter().string(1, "").varint(2, 17);
        return new ProtoWriter().varint(1, 8).string(2, "llm-rerank test").message(8, opset).message(7, graph).toByteArray();
    }

    /** {@code x · Wᵀ + b} for a PyTorch {@code [out, in]} weight, stored transposed for MatMul. */
    private String linear(String x, String prefix) {
        long[] s = shapes.get(prefix + "weight");
        int out = (int) s[0];
        int in = (int) s[1];
        float[] w = tensors.get(prefix + "weight");
        float[] t = new float[w.length];
        for (int o = 0; o < out; o++) {
            for (int i = 0; i < in; i++) {
                t[i * out + o] = w[o * in + i];
            }
        }
        String weight = prefix + "weight.T";
        graph.message(5, floatTensor(weight, t, in, out));
        return op("Add", op("MatMul", x, weight), initializer(prefix + "bias"));
    }

    private String layerNorm(String x, String prefix, float eps) {
        ProtoWriter epsilon = new ProtoWriter().string(1, "epsilon").fixed32(2, Float.floatToIntBits(eps)).varint(20, 1);
        return op("LayerNormalization", List.of(x, initializer(prefix + "weight"), initializer(prefix + "bias")), epsilon,
            attribute("axis", -1));
    }

    private String transpose(String x, long... perm) {
        ProtoWriter a = new ProtoWriter().string(1, "perm");
        for (long p : perm) {
            a.varint(8, p);
        }
        a.varint(20, 7);
        return op("Transpose", List.of(x), a);
    }

    private String initializer(String name) {
        long[] dims = shapes.get(name);
        graph.message(5, floatTensor(name, tensors.get(name), dims));
        return name;
    }

    private String floats(String name, float value) {
        graph.message(5, floatTensor(name, new float[] {value}));
        return name;
    }

    /** An int64 initializer of {@code values} with dims {@code dims} (none: a scalar). */
    private String int64(String name, long[] values, long... dims) {
        ProtoWriter t = new ProtoWriter();
        if (dims.length > 0) {
            t.bytes(1, ProtoWriter.packedVarints(dims));
        }
        ByteBuffer b = ByteBuffer.allocate(values.length * 8).order(ByteOrder.LITTLE_ENDIAN);
        for (long v : values) {
            b.putLong(v);
        }
        t.varint(2, INT64).string(8, name).bytes(9, b.array());
        graph.message(5, t);
        return name;
    }

    private static ProtoWriter floatTensor(String name, float[] values, long... dims) {
        ProtoWriter t = new ProtoWriter();
        if (dims.length > 0) {
            t.bytes(1, ProtoWriter.packedVarints(dims));
        }
        return t.varint(2, FLOAT).string(8, name).bytes(9, ProtoWriter.littleEndianFloats(values));
    }

    private String op(String type, String... inputs) {
        return op(type, List.of(inputs));
    }

    private String op(String type, List<String> inputs, ProtoWriter... attributes) {
        String out = type.toLowerCase(java.util.Locale.ROOT) + "_" + next++;
        graph.message(1, node(type, inputs, out, List.of(attributes)));
        return out;
    }

    private ProtoWriter node(String type, List<String> inputs, String output, List<ProtoWriter> attributes) {
        ProtoWriter n = new ProtoWriter();
        inputs.forEach(in -> n.string(1, in));
        n.string(2, output).string(3, output + "_node").string(4, type);
        attributes.forEach(a -> n.message(5, a));
        return n;
    }

    private static ProtoWriter attribute(String name, long value) {
        return new ProtoWriter().string(1, name).varint(3, value).varint(20, 2);
    }

    /** A graph input or output: its element type and dimensions, a String for a symbolic one. */
    private static ProtoWriter valueInfo(String name, int elementType, Object... dims) {
        ProtoWriter shape = new ProtoWriter();
        for (Object d : dims) {
            shape.message(1, d instanceof String s ? new ProtoWriter().string(2, s) : new ProtoWriter().varint(1, ((Number) d).longValue()));
        }
        ProtoWriter tensor = new ProtoWriter().varint(1, elementType).message(2, shape);
        return new ProtoWriter().string(1, name).message(2, new ProtoWriter().message(1, tensor));
    }
}
