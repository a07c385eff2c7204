package org.llmrerank.routing.runtime;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.llmrerank.routing.tokenizer.PaddedBatch;

/**
 * A small random BERT for tests: random weights (no zeros, no identity), written out as an ONNX
 * file laid out like the torch.onnx export of bge-small (named biases and LayerNorms, anonymous
 * {@code onnx::MatMul_NNN} weights consumed by module-path-named MatMul nodes, the attention scale
 * and LayerNorm epsilon as Constant nodes), so the loader is exercised on the structure it maps.
 */
final class TinyBert {

    static final BertConfig CONFIG = new BertConfig(3, 24, 4, 40, 57, 32, 2, 1e-12f);

    private TinyBert() {}

    static BertWeights randomWeights(BertConfig c, long seed) {
        Random r = new Random(seed);
        int d = c.hidden();
        List<BertWeights.Layer> layers = new ArrayList<>();
        for (int i = 0; i < c.layers(); i++) {
            layers.add(new BertWeights.Layer(linear(r, d, d), linear(r, d, d), linear(r, d, d), linear(r, d, d), norm(r, d),
                    linear(r, d, c.intermediate()), linear(r, c.intermediate(), d), norm(r, d)));
        }
        return new BertWeights(c, gaussian(r, c.vocab() * d, 0.5), gaussian(r, c.maxPositions() * d, 0.2),
                gaussian(r, c.typeVocab() * d, 0.2), norm(r, d), layers);
    }

    /** Rows of random ids and types, lengths drawn from 2..maxLength, so most rows are padded. */
    static PaddedBatch randomBatch(BertConfig c, int rows, int maxLength, long seed) {
        Random r = new Random(seed);
        int columns = maxLength;
        long[] ids = new long[rows * columns];
        long[] mask = new long[rows * columns];
        long[] types = new long[rows * columns];
        for (int row = 0; row < rows; row++) {
            int length = row == 0 ? maxLength : 2 + r.nextInt(maxLength - 1);
            for (int t = 0; t < columns; t++) {
                int cell = row * columns + t;
                boolean real = t < length;
                ids[cell] = real ? 1 + r.nextInt(c.vocab() - 1) : 0;
                types[cell] = real ? r.nextInt(c.typeVocab()) : 0;
                mask[cell] = real ? 1 : 0;
            }
        }
        return new PaddedBatch(rows, columns, ids, mask, types);
    }

    /** The weights as an ONNX ModelProto; biases go into float_data, everything else into raw_data. */
    static byte[] toOnnx(BertWeights w) {
        ProtoWriter graph = new ProtoWriter();
        graph.string(2, "tiny-bert");
        graph.message(5, tensor("embeddings.word_embeddings.weight", w.wordEmbeddings(), false, w.config().vocab(), w.config().hidden()));
        graph.message(5, tensor("embeddings.position_embeddings.weight", w.positionEmbeddings(), false, w.config().maxPositions(), w.config().hidden()));
        graph.message(5, tensor("embeddings.token_type_embeddings.weight", w.typeEmbeddings(), false, w.config().typeVocab(), w.config().hidden()));
        normInitializers(graph, "embeddings.LayerNorm", w.embeddingNorm());
        graph.message(1, constant("/embeddings/LayerNorm/Constant_1", "eps", w.config().layerNormEps()));
        graph.message(1, node("/embeddings/LayerNorm/Add", "Add", List.of("var", "eps"), "var_eps"));
        int anonymous = 1525;
        String x = "var_eps";
        for (int i = 0; i < w.layers().size(); i++) {
            BertWeights.Layer l = w.layers().get(i);
            String p = "encoder.layer." + i + ".";
            String scope = "/encoder/layer." + i + "/";
            Object[][] linears = {
                    {"attention/self/query", p + "attention.self.query.bias", l.query()},
                    {"attention/self/key", p + "attention.self.key.bias", l.key()},
                    {"attention/self/value", p + "attention.self.value.bias", l.value()},
                    {"attention/output/dense", p + "attention.output.dense.bias", l.attentionOutput()},
                    {"intermediate/dense", p + "intermediate.dense.bias", l.intermediate()},
                    {"output/dense", p + "output.dense.bias", l.output()}};
            for (Object[] spec : linears) {
                BertWeights.Linear lin = (BertWeights.Linear) spec[2];
                String weightName = "onnx::MatMul_" + anonymous++;
                graph.message(5, tensor(weightName, lin.weight(), false, lin.in(), lin.out()));
                graph.message(5, tensor((String) spec[1], lin.bias(), true, lin.out()));
                String out = scope + spec[0] + "/MatMul_output_0";
                graph.message(1, node(scope + spec[0] + "/MatMul", "MatMul", List.of(x, weightName), out));
                x = out;
                if (spec[0].equals("attention/self/key")) {
                    graph.message(1, constant(scope + "attention/self/Constant_12", scope + "scale",
                            (float) Math.sqrt(w.config().headDim())));
                    graph.message(1, node(scope + "attention/self/Div", "Div", List.of(x, scope + "scale"), scope + "div"));
                }
            }
            normInitializers(graph, p + "attention.output.LayerNorm", l.attentionNorm());
            normInitializers(graph, p + "output.LayerNorm", l.outputNorm());
        }
        return new ProtoWriter().varint(1, 7).string(2, "llm-rerank test").message(7, graph).toByteArray();
    }

    private static void normInitializers(ProtoWriter graph, String prefix, BertWeights.Norm n) {
        graph.message(5, tensor(prefix + ".weight", n.gamma(), true, n.gamma().length));
        graph.message(5, tensor(prefix + ".bias", n.beta(), false, n.beta().length));
    }

    static ProtoWriter tensor(String name, float[] values, boolean asFloatData, long... dims) {
        ProtoWriter t = new ProtoWriter();
        if (asFloatData) {
            for (long d : dims) {
                t.varint(1, d); // unpacked dims, as older exporters write them
            }
        } else {
            t.bytes(1, ProtoWriter.packedVarints(dims));
        }
        t.varint(2, OnnxTensorData.FLOAT);
        t.string(8, name);
        if (asFloatData) {
            t.bytes(4, ProtoWriter.littleEndianFloats(values)); // packed float_data
        } else {
            t.bytes(9, ProtoWriter.littleEndianFloats(values));
        }
        return t;
    }

    private static ProtoWriter node(String name, String op, List<String> inputs, String output) {
        ProtoWriter n = new ProtoWriter();
        inputs.forEach(in -> n.string(1, in));
        n.string(2, output).string(3, name).string(4, op);
        return n;
    }

    private static ProtoWriter constant(String name, String output, float value) {
        ProtoWriter attribute = new ProtoWriter().string(1, "value").message(5, tensor("", new float[] {value}, false))
                .varint(20, 4);
        return new ProtoWriter().string(2, output).string(3, name).string(4, "Constant").message(5, attribute);
    }

    private static BertWeights.Linear linear(Random r, int in, int out) {
        return new BertWeights.Linear(in, out, gaussian(r, in * out, 1.0 / Math.sqrt(in)), gaussian(r, out, 0.1));
    }

    private static BertWeights.Norm norm(Random r, int d) {
        float[] gamma = gaussian(r, d, 0.1);
        for (int i = 0; i < d; i++) {
            gamma[i] += 1f;
        }
        return new BertWeights.Norm(gamma, gaussian(r, d, 0.1));
    }

    private static float[] gaussian(Random r, int n, double std) {
        float[] v = new float[n];
        for (int i = 0; i < n; i++) {
            float x;
            do {
                x = (float) (r.nextGaussian() * std);
            } while (x == 0f);
            v[i] = x;
        }
        return v;
    }
}
