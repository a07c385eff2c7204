package org.llmrerank.routing.runtime.t5;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.Arrays;
import java.util.List;
import org.llmrerank.routing.runtime.FlopsCounter;

/**
 * One batched T5 call in progress: the encoder output, each decoder layer's cross-attention K/V
 * (projected once per prompt, E2R-FLOPs, encoder-decoder eqs. 12-15) and the decoder's self-attention KV cache.
 *
 * <p>Decoder inputs are fed in chunks of equal length for every row ({@link #decode}): a forced
 * prefix such as {@code "<pad> Passage"} in one chunk, then one generated token at a time. Rows
 * share the decoder length, so the decoder needs no padding; the encoder is right-padded and its
 * padding keys are masked in self- and cross-attention.
 *
 * <p>Not thread-safe; close it to free its tensors.
 */
public final class T5Session implements AutoCloseable {

    private static final float MASKED = -Float.MAX_VALUE;

    private final DjlT5Model model;
    private final T5Config c;
    private final NDManager manager;
    private final FlopsCounter counter;
    private final int rows;
    private final int columns;
    private final int[] lengths;
    private final NDArray crossMask;   // [rows, 1, 1, columns]
    private final NDArray[] crossKeys; // per decoder layer [rows, heads, columns, dKv]
    private final NDArray[] crossValues;
    private final NDArray[] selfKeys;  // per decoder layer [rows, heads, decoded, dKv]
    private final NDArray[] selfValues;
    private NDArray output;            // decoder output of the last chunk, before the LM head
    private int decoded;

    T5Session(DjlT5Model model, NDManager manager, List<long[]> prompts, FlopsCounter counter) {
        this.model = model;
        this.c = model.config();
        this.manager = manager;
        this.counter = counter;
        this.rows = prompts.size();
        this.lengths = new int[rows];
        this.crossKeys = new NDArray[c.layers()];
        this.crossValues = new NDArray[c.layers()];
        this.selfKeys = new NDArray[c.layers()];
        this.selfValues = new NDArray[c.layers()];
        try {
            if (rows == 0) {
                throw new IllegalArgumentException("no prompts");
            }
            int t = 0;
            for (long[] p : prompts) {
                if (p.length == 0) {
                    throw new IllegalArgumentException("empty prompt");
                }
                t = Math.max(t, p.length);
            }
            this.columns = t;
            int d = c.dModel();
            float[] x = new float[rows * t * d];
            float[] mask = new float[rows * t];
            for (int r = 0; r < rows; r++) {
                long[] p = prompts.get(r);
                lengths[r] = p.length;
                for (int j = 0; j < t; j++) {
                    if (j < p.length) {
                        model.embed(p[j], x, (r * t + j) * d);
                    } else {
                        mask[r * t + j] = MASKED;
                    }
                }
            }
            this.crossMask = manager.create(mask, new Shape(rows, 1, 1, t));
            encode(x);
        } catch (RuntimeException e) {
            manager.close();
            throw e;
        }
    }

    private void encode(float[] embedded) {
        int d = c.dModel();
        try (NDManager scope = manager.newSubManager()) {
            NDArray x = scope.create(embedded, new Shape(rows, columns, d));
            NDArray bias = positionBias(scope, true, columns, columns, 0).add(crossMask);
            for (int b = 0; b < c.layers(); b++) {
                DjlT5Model.EncoderBlock w = model.encoderBlock(b);
                NDArray h = norm(x, w.attentionNorm());
                x = x.add(attend(h, w.attention(), bias, -1));
                x = x.add(ffn(norm(x, w.ffnNorm()), w.ffn()));
            }
            NDArray encoded = norm(x, model.encoderNorm());
            for (int b = 0; b < c.layers(); b++) {
                DjlT5Model.Attention cross = model.decoderBlock(b).cross();
                NDArray k = heads(linear(encoded, cross.k()), columns);
                NDArray v = heads(linear(encoded, cross.v()), columns);
                k.attach(manager);
                v.attach(manager);
                crossKeys[b] = k;
                crossValues[b] = v;
            }
        }
    }

    public int rows() {
        return rows;
    }

    /** Decoder positions fed so far. */
    public int decoded() {
        return decoded;
    }

    /** Feeds {@code tokens[r]} (the same count for every row) to the decoder after what it has seen. */
    public void decode(long[][] tokens) {
        if (tokens.length != rows) {
            throw new IllegalArgumentException(tokens.length + " decoder inputs for " + rows + " rows");
        }
        int q = tokens[0].length;
        int d = c.dModel();
        float[] x = new float[rows * q * d];
        for (int r = 0; r < rows; r++) {
            if (tokens[r].length != q || q == 0) {
                throw new IllegalArgumentException("every row feeds the same, non-zero number of decoder tokens");
            }
            for (int i = 0; i < q; i++) {
                model.embed(tokens[r][i], x, (r * q + i) * d);
            }
        }
        try (NDManager scope = manager.newSubManager()) {
            NDArray h0 = scope.create(x, new Shape(rows, q, d));
            NDArray selfBias = positionBias(scope, false, q, decoded + q, decoded);
            NDArray hidden = h0;
            for (int b = 0; b < c.layers(); b++) {
                DjlT5Model.DecoderBlock w = model.decoderBlock(b);
                NDArray h = norm(hidden, w.selfNorm());
                hidden = hidden.add(attend(h, w.self(), selfBias, b));
                NDArray hc = norm(hidden, w.crossNorm());
                hidden = hidden.add(crossAttend(hc, w.cross(), b, scope));
                hidden = hidden.add(ffn(norm(hidden, w.ffnNorm()), w.ffn()));
            }
            NDArray out = norm(hidden, model.decoderNorm());
            if (c.tieWordEmbeddings()) {
                out = out.mul((float) Math.pow(c.dModel(), -0.5)); // original T5 rescales before the tied head
            }
            if (output != null) {
                output.close();
            }
            out.attach(manager);
            output = out;
        }
        decoded += q;
    }

    /** Next-token logits after the last decoder input, one {@code [vocab]} row per sequence. */
    public float[][] lastLogits() {
        long q = output.getShape().get(1);
        return logits(q - 1, q);
    }

    /** Logits after each decoder input of the last {@link #decode} chunk: {@code [rows][chunk][vocab]}. */
    public float[][][] chunkLogits() {
        long q = output.getShape().get(1);
        float[][] flat = logits(0, q);
        float[][][] out = new float[rows][(int) q][];
        for (int r = 0; r < rows; r++) {
            for (int i = 0; i < q; i++) {
                out[r][i] = flat[r * (int) q + i];
            }
        }
        return out;
    }

    private float[][] logits(long from, long to) {
        if (output == null) {
            throw new IllegalStateException("nothing decoded yet");
        }
        try (NDManager scope = manager.newSubManager()) {
            NDArray h = output.get(":, " + from + ":" + to + ", :");
            h.attach(scope);
            long positions = rows * (to - from);
            counter.unembedding(positions, c.dModel(), c.vocab());
            float[] flat = ai.djl.nn.core.Linear.linear(h, model.lmHead(), null).head().toFloatArray();
            float[][] out = new float[(int) positions][];
            for (int i = 0; i < out.length; i++) {
                out[i] = Arrays.copyOfRange(flat, i * c.vocab(), (i + 1) * c.vocab());
            }
            return out;
        }
    }

    /**
     * Self-attention of {@code x} (queries) over {@code kv}; for a decoder layer ({@code layer >= 0})
     * the new K/V are appended to its cache first. T5 does not scale scores by 1/sqrt(d_kv).
     */
    private NDArray attend(NDArray x, DjlT5Model.Attention w, NDArray bias, int layer) {
        long q = x.getShape().get(1);
        NDArray queries = heads(linear(x, w.q()), q);
        NDArray keys = heads(linear(x, w.k()), q);
        NDArray values = heads(linear(x, w.v()), q);
        if (layer >= 0) {
            keys = append(selfKeys, layer, keys);
            values = append(selfValues, layer, values);
        }
        return weighted(queries, keys, values, bias, w.o(), q, x.getManager());
    }

    private NDArray crossAttend(NDArray x, DjlT5Model.Attention w, int layer, NDManager scope) {
        long q = x.getShape().get(1);
        NDArray queries = heads(linear(x, w.q()), q);
        return weighted(queries, crossKeys[layer], crossValues[layer], crossMask, w.o(), q, scope);
    }

    /**
     * softmax(Q·Kᵀ + bias)·V then O. K and V may belong to the session (caches): the transposed view
     * is moved to {@code scope}; every other result follows its first operand, the scoped queries.
     */
    private NDArray weighted(NDArray queries, NDArray keys, NDArray values, NDArray bias, NDArray o, long q,
                             NDManager scope) {
        long keyCount = keys.getShape().get(2);
        counter.attention(rows, c.heads(), c.heads(), q, keyCount, c.dKv());
        NDArray keysT = keys.transpose(0, 1, 3, 2);
        keysT.attach(scope);
        NDArray context = queries.matMul(keysT).add(bias).softmax(-1).matMul(values)
                .transpose(0, 2, 1, 3).reshape(rows, q, c.inner());
        return linear(context, o);
    }

    /** Extends a decoder layer's self-attention cache; the cache belongs to the session. */
    private NDArray append(NDArray[] cache, int layer, NDArray fresh) {
        NDArray old = cache[layer];
        NDArray now;
        if (old == null) {
            now = fresh;
        } else {
            now = old.concat(fresh, 2);
            old.close();
        }
        now.attach(manager);
        cache[layer] = now;
        return now;
    }

    /**
     * {@code [1, heads, queries, keys]} relative position bias for queries at positions
     * {@code offset ..} and keys at {@code 0 ..}; the decoder's is causal (later keys masked).
     */
    private NDArray positionBias(NDManager scope, boolean encoderStack, int queries, int keys, int offset) {
        int h = c.heads();
        float[] bias = new float[h * queries * keys];
        for (int i = 0; i < queries; i++) {
            int qPos = offset + i;
            for (int j = 0; j < keys; j++) {
                boolean visible = encoderStack || j <= qPos;
                int bucket = c.bucket(j - qPos, encoderStack);
                for (int head = 0; head < h; head++) {
                    bias[(head * queries + i) * keys + j] = visible ? model.relativeBias(encoderStack, bucket, head) : MASKED;
                }
            }
        }
        return scope.create(bias, new Shape(1, h, queries, keys));
    }

    private NDArray heads(NDArray x, long length) {
        return x.reshape(x.getShape().get(0), length, c.heads(), c.dKv()).transpose(0, 2, 1, 3);
    }

    private NDArray ffn(NDArray x, DjlT5Model.Ffn w) {
        NDArray hidden;
        if (w.wi1() == null) {
            hidden = linear(x, w.wi0()).maximum(0f);
        } else {
            hidden = geluTanh(linear(x, w.wi0())).mul(linear(x, w.wi1()));
        }
        return linear(hidden, w.wo());
    }

    /** Hugging Face's gelu_new: 0.5·x·(1 + tanh(√(2/π)·(x + 0.044715·x³))). */
    private static NDArray geluTanh(NDArray x) {
        NDArray inner = x.add(x.pow(3f).mul(0.044715f)).mul((float) Math.sqrt(2 / Math.PI));
        return x.mul(0.5f).mul(inner.tanh().add(1f));
    }

    /** T5LayerNorm: x / sqrt(mean(x²) + eps) · w, no mean subtraction, no bias. */
    private NDArray norm(NDArray x, NDArray weight) {
        NDArray variance = x.square().mean(new int[] {-1}, true);
        return x.mul(variance.add((float) c.layerNormEps()).pow(-0.5f)).mul(weight);
    }

    private NDArray linear(NDArray x, NDArray weight) {
        long in = weight.getShape().get(1);
        counter.linear(x.getShape().size() / in, in, weight.getShape().get(0));
        return ai.djl.nn.core.Linear.linear(x, weight, null).head();
    }

    @Override
    public void close() {
        manager.close();
    }
}
