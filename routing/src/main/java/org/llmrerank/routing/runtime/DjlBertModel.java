package org.llmrerank.routing.runtime;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.ArrayList;
import java.util.List;
import org.llmrerank.routing.tokenizer.PaddedBatch;

/**
 * A BERT encoder's weights resident in DJL's PyTorch engine, and the entry point to a forward
 * pass that the caller drives layer by layer ({@link #begin}). Holding no per-call state, one
 * instance serves concurrent forward passes; {@link #close()} must wait until none runs (the
 * owner, {@link RoutedBertEncoder}, guarantees it).
 *
 * <p>Embedding lookups stay in Java: they are gathers, not compute, and keep the token ids off
 * the engine. Everything from the embedding LayerNorm on runs in PyTorch.
 */
public final class DjlBertModel implements AutoCloseable {

    /** Linear weights in PyTorch's {@code nn.Linear} layout {@code [out, in]}, for the fused addmm. */
    record Linear(NDArray weight, NDArray bias, int in, int out) {}

    record Norm(NDArray gamma, NDArray beta) {}

    /**
     * @param qkv query, key and value projections as one linear ({@code [3 * hidden, hidden]}): one GEMM instead of
     *            three per layer; the query rows and bias are pre-divided by sqrt(head size), so attention needs no
     *            separate scaling op
     * @param query    the query rows of {@code qkv} (a view), for a block whose output is read at one position only
     * @param keyValue the key and value rows of {@code qkv} (a view)
     */
    record Layer(Linear qkv, Linear query, Linear keyValue, Linear attentionOutput, Norm attentionNorm,
                 Linear intermediate, Linear output, Norm outputNorm) {}

    private final NDManager manager;
    private final BertWeights weights; // embeddings are read from here
    private final Norm embeddingNorm;
    private final List<Layer> layers;

    private DjlBertModel(NDManager manager, BertWeights weights, Norm embeddingNorm, List<Layer> layers) {
        this.manager = manager;
        this.weights = weights;
        this.embeddingNorm = embeddingNorm;
        this.layers = layers;
    }

    /** Copies the weights into the PyTorch engine (CPU). */
    public static DjlBertModel load(BertWeights weights) {
        // the first engine load must see this library's jars (a plugin's context loader is the server's)
        NDManager manager = DjlEngineSetup.newCpuManager();
        try {
            List<Layer> layers = new ArrayList<>();
            for (BertWeights.Layer l : weights.layers()) {
                double scale = 1.0 / Math.sqrt(weights.config().headDim());
                Linear qkv = fusedQkv(manager, l.query(), l.key(), l.value(), scale);
                layers.add(new Layer(qkv, rows(qkv, 0, l.query().out()), rows(qkv, l.query().out(), qkv.out()),
                        linear(manager, l.attentionOutput()), norm(manager, l.attentionNorm()),
                        linear(manager, l.intermediate()), linear(manager, l.output()), norm(manager, l.outputNorm())));
            }
            return new DjlBertModel(manager, weights, norm(manager, weights.embeddingNorm()), List.copyOf(layers));
        } catch (RuntimeException e) {
            manager.close();
            throw e;
        }
    }

    public BertConfig config() {
        return weights.config();
    }

    Layer layer(int index) {
        return layers.get(index);
    }

    Norm embeddingNorm() {
        return embeddingNorm;
    }

    /**
     * Starts a forward pass over {@code batch}: embeddings and their LayerNorm. The caller then
     * applies layers in the order it chooses and pools; closing the pass frees its tensors.
     */
    public BertForward begin(PaddedBatch batch, FlopsCounter counter) {
        BertConfig c = weights.config();
        if (batch.columns() > c.maxPositions()) {
            throw new IllegalArgumentException("sequence of " + batch.columns() + " tokens exceeds the model's "
                    + c.maxPositions() + " positions");
        }
        return new BertForward(this, manager.newSubManager(), batch, embed(batch), counter);
    }

    /** word + position + token-type embeddings, {@code [rows * columns * hidden]}. */
    private float[] embed(PaddedBatch batch) {
        BertConfig c = weights.config();
        int d = c.hidden();
        float[] out = new float[batch.rows() * batch.columns() * d];
        for (int r = 0; r < batch.rows(); r++) {
            for (int t = 0; t < batch.columns(); t++) {
                int cell = r * batch.columns() + t;
                int id = checkedId(batch.inputIds()[cell], c.vocab(), "token id");
                int type = checkedId(batch.typeIds()[cell], c.typeVocab(), "token type id");
                int at = cell * d;
                for (int k = 0; k < d; k++) {
                    out[at + k] = weights.wordEmbeddings()[id * d + k] + weights.positionEmbeddings()[t * d + k]
                            + weights.typeEmbeddings()[type * d + k];
                }
            }
        }
        return out;
    }

    private static int checkedId(long id, int size, String what) {
        if (id < 0 || id >= size) {
            throw new IllegalArgumentException(what + " " + id + " is outside 0.." + (size - 1));
        }
        return (int) id;
    }

    private static Linear linear(NDManager manager, BertWeights.Linear l) {
        // [in, out] -> [out, in], transposed once here so every call can use torch's fused linear (addmm)
        float[] t = new float[l.weight().length];
        for (int i = 0; i < l.in(); i++) {
            for (int o = 0; o < l.out(); o++) {
                t[o * l.in() + i] = l.weight()[i * l.out() + o];
            }
        }
        return new Linear(manager.create(t, new Shape(l.out(), l.in())), manager.create(l.bias()), l.in(), l.out());
    }

    /** [q * scale; k; v] stacked on the output dimension, in torch's [out, in] layout. */
    private static Linear fusedQkv(NDManager manager, BertWeights.Linear q, BertWeights.Linear k, BertWeights.Linear v,
                                   double queryScale) {
        int in = q.in();
        int out = q.out();
        if (k.in() != in || v.in() != in || k.out() != out || v.out() != out) {
            throw new IllegalArgumentException("query, key and value projections differ in shape");
        }
        float[] w = new float[3 * out * in];
        float[] b = new float[3 * out];
        BertWeights.Linear[] parts = {q, k, v};
        for (int p = 0; p < 3; p++) {
            double s = p == 0 ? queryScale : 1.0;
            for (int i = 0; i < in; i++) {
                for (int o = 0; o < out; o++) {
                    w[(p * out + o) * in + i] = (float) (parts[p].weight()[i * out + o] * s);
                }
            }
            for (int o = 0; o < out; o++) {
                b[p * out + o] = (float) (parts[p].bias()[o] * s);
            }
        }
        return new Linear(manager.create(w, new Shape(3L * out, in)), manager.create(b), in, 3 * out);
    }

    /** Output rows {@code [from, to)} of a linear, as views of its weights (made once, at load). */
    private static Linear rows(Linear l, int from, int to) {
        ai.djl.ndarray.index.NDIndex index = new ai.djl.ndarray.index.NDIndex(from + ":" + to);
        return new Linear(l.weight().get(index), l.bias().get(index), l.in(), to - from);
    }

    private static Norm norm(NDManager manager, BertWeights.Norm n) {
        return new Norm(manager.create(n.gamma()), manager.create(n.beta()));
    }

    /** Frees the engine copies of the weights. Only once no forward pass runs. */
    @Override
    public void close() {
        manager.close();
    }
}
