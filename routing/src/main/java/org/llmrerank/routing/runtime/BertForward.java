package org.llmrerank.routing.runtime;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.LayerNorm;
import java.util.ArrayList;
import java.util.List;
import org.llmrerank.routing.onnx.Pooling;
import org.llmrerank.routing.tokenizer.PaddedBatch;

/**
 * One forward pass in progress: the hidden state of a padded batch between transformer blocks.
 * The caller decides which block runs next ({@link #apply}), which is what lets a Dr.LLM router,
 * reading {@link #hiddenStates()} between blocks, skip or repeat one. Every block application
 * is recorded in {@link #executed()} and its matmul and attention FLOPs added to the counter.
 *
 * <p>Not thread-safe: one pass, one thread. Close it to free its tensors.
 */
public final class BertForward implements AutoCloseable {

    /** What the exporter (and Hugging Face) adds to masked scores: the most negative float. */
    private static final float MASKED = -Float.MAX_VALUE;

    private final DjlBertModel model;
    private final NDManager manager;
    private final PaddedBatch batch;
    private final FlopsCounter counter;
    private final NDArray maskBias; // [rows, 1, 1, columns]: 0 for tokens, MASKED for padding
    private final List<Integer> executed = new ArrayList<>();
    private NDArray hidden;         // [rows, columns, hidden]; [rows, 1, hidden] once finished for the first token
    private boolean firstTokenOnly;

    BertForward(DjlBertModel model, NDManager manager, PaddedBatch batch, float[] embeddings, FlopsCounter counter) {
        this.model = model;
        this.manager = manager;
        this.batch = batch;
        this.counter = counter;
        BertConfig c = model.config();
        try {
            float[] bias = new float[batch.rows() * batch.columns()];
            for (int i = 0; i < bias.length; i++) {
                bias[i] = batch.attentionMask()[i] == 0 ? MASKED : 0f;
            }
            maskBias = manager.create(bias, new Shape(batch.rows(), 1, 1, batch.columns()));
            NDArray x = manager.create(embeddings, new Shape(batch.rows(), batch.columns(), c.hidden()));
            DjlBertModel.Norm n = model.embeddingNorm();
            hidden = LayerNorm.layerNorm(x, new Shape(c.hidden()), n.gamma(), n.beta(), c.layerNormEps()).head();
        } catch (RuntimeException e) {
            manager.close();
            throw e;
        }
    }

    private BertForward(BertForward parent, FlopsCounter counter) {
        this.model = parent.model;
        this.manager = parent.manager.newSubManager();
        this.batch = parent.batch;
        this.counter = counter;
        this.maskBias = parent.maskBias; // read only
        this.hidden = parent.hidden.duplicate();
        this.hidden.attach(manager);
        this.executed.addAll(parent.executed);
    }

    /**
     * A second pass continuing from this one's current hidden state, so paths that share a prefix
     * run it once (layer ablations). Its blocks count on {@code counter}; the prefix stays counted
     * on the parent's. Close it before its parent: its tensors live under the parent's manager.
     */
    public BertForward fork(FlopsCounter counter) {
        return new BertForward(this, counter);
    }

    /** Runs block {@code layer} once on the current hidden state. */
    public void apply(int layer) {
        run(layer, (w, c, x) -> {
            // one GEMM for q, k and v; q arrives already divided by sqrt(head size) (folded into its weights at load)
            ai.djl.ndarray.NDList qkv = linear(x, w.qkv()).split(3, 2); // [rows, t, 3 * hidden] -> 3 x [rows, t, hidden]
            long t = batch.columns();
            return attendAndFeedForward(w, c, heads(qkv.get(0), t, c), heads(qkv.get(1), t, c), heads(qkv.get(2), t, c), x, t);
        });
    }

    /**
     * Runs block {@code layer} as the last of the pass for a reader of position 0 only (CLS pooling): keys and values
     * for every position, the query, attention output and FFN for position 0 alone, which is all that row of the
     * block depends on. Its FLOPs are {@code FlopsEstimator.routedFirstTokenRead}'s last block. Afterwards the state
     * holds position 0 only: no block may follow and only CLS pooling can read it.
     */
    public void applyLastForFirstToken(int layer) {
        run(layer, (w, c, x) -> {
            long t = batch.columns();
            ai.djl.ndarray.NDList kv = linear(x, w.keyValue()).split(2, 2);
            NDArray first = x.get(new NDIndex(":, 0:1, :")); // [rows, 1, hidden]
            NDArray q = heads(linear(first, w.query()), 1, c);
            return attendAndFeedForward(w, c, q, heads(kv.get(0), t, c), heads(kv.get(1), t, c), first, 1);
        });
        firstTokenOnly = true;
    }

    /** One block's computation from its input {@code x} (the current hidden state) to its output. */
    @FunctionalInterface
    private interface Block {
        NDArray compute(DjlBertModel.Layer w, BertConfig c, NDArray x);
    }

    /**
     * What every block application shares: the layer check, a scope for the intermediates, the output becoming the
     * state, the record in {@link #executed()}.
     */
    private void run(int layer, Block block) {
        BertConfig c = checkLayer(layer);
        // Intermediates live in a scope freed at the end of the block; results of an op belong to the
        // manager of its first operand, so moving the input there moves the whole block there.
        try (NDManager scope = manager.newSubManager()) {
            NDArray x = hidden;
            x.attach(scope);
            NDArray out = block.compute(model.layer(layer), c, x);
            out.attach(manager);
            hidden = out;
        }
        executed.add(layer);
    }

    /**
     * The block from its projections on, for {@code queries} query positions attending to every key: attention,
     * output projection with the {@code residual}, LayerNorm, FFN, LayerNorm. Shared by the full block and the
     * first-token block, which differ only in how many query rows they compute.
     */
    private NDArray attendAndFeedForward(DjlBertModel.Layer w, BertConfig c, NDArray q, NDArray k, NDArray v, NDArray residual,
                                         long queries) {
        long rows = batch.rows();
        NDArray scores = q.matMul(k.transpose(0, 1, 3, 2)).add(maskBias); // [rows, heads, queries, columns]
        NDArray context = scores.softmax(-1).matMul(v).transpose(0, 2, 1, 3).reshape(rows, queries, c.hidden());
        counter.attention(rows, c.heads(), c.heads(), queries, batch.columns(), c.headDim());
        NDArray attended = norm(linear(context, w.attentionOutput()).add(residual), w.attentionNorm(), c);
        NDArray ffn = linear(Activation.gelu(linear(attended, w.intermediate())), w.output());
        return norm(ffn.add(attended), w.outputNorm(), c);
    }

    private BertConfig checkLayer(int layer) {
        BertConfig c = model.config();
        if (firstTokenOnly) {
            throw new IllegalStateException("the pass was finished for a first-token reader; no block can follow");
        }
        if (layer < 0 || layer >= c.layers()) {
            throw new IllegalArgumentException("layer " + layer + " is outside 0.." + (c.layers() - 1));
        }
        return c;
    }

    /** Runs every block of {@code path} in order. */
    public void apply(LayerPath path) {
        for (int layer : path.layers()) {
            apply(layer);
        }
    }

    /** Block applications so far, in order (a repeat appears twice). */
    public List<Integer> executed() {
        return List.copyOf(executed);
    }

    /**
     * The current hidden state, {@code [rows, columns, hidden]} row-major, padding rows included
     * ({@code [rows, 1, hidden]} after {@link #applyLastForFirstToken}).
     */
    public float[] hiddenStates() {
        return hidden.toFloatArray();
    }

    /** One pooled (not normalised) vector per row. */
    public float[][] pool(Pooling pooling) {
        int d = model.config().hidden();
        if (firstTokenOnly && pooling != Pooling.CLS) {
            throw new IllegalStateException("the pass kept position 0 only; " + pooling + " pooling needs every position");
        }
        float[] flat = switch (pooling) {
            case CLS -> hidden.get(new NDIndex(":, 0, :")).toFloatArray();
            case MEAN -> meanOverTokens();
        };
        float[][] out = new float[batch.rows()][];
        for (int r = 0; r < out.length; r++) {
            out[r] = java.util.Arrays.copyOfRange(flat, r * d, (r + 1) * d);
        }
        return out;
    }

    private float[] meanOverTokens() {
        float[] mask = new float[batch.rows() * batch.columns()];
        for (int i = 0; i < mask.length; i++) {
            mask[i] = batch.attentionMask()[i];
        }
        try (NDManager scope = manager.newSubManager()) {
            NDArray m = scope.create(mask, new Shape(batch.rows(), batch.columns(), 1));
            NDArray sum = hidden.mul(m).sum(new int[] {1});
            sum.attach(scope);
            return sum.div(m.sum(new int[] {1})).toFloatArray();
        }
    }

    private NDArray linear(NDArray x, DjlBertModel.Linear l) {
        counter.linear(x.getShape().size() / l.in(), l.in(), l.out());
        return Linear.linear(x, l.weight(), l.bias()).head();
    }

    /** {@code [rows, positions, hidden]} as {@code [rows, heads, positions, head size]}. */
    private NDArray heads(NDArray x, long positions, BertConfig c) {
        return x.reshape(batch.rows(), positions, c.heads(), c.headDim()).transpose(0, 2, 1, 3);
    }

    private static NDArray norm(NDArray x, DjlBertModel.Norm n, BertConfig c) {
        return LayerNorm.layerNorm(x, new Shape(c.hidden()), n.gamma(), n.beta(), c.layerNormEps()).head();
    }

    @Override
    public void close() {
        manager.close();
    }
}
