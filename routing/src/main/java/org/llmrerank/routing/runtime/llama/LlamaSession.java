package org.llmrerank.routing.runtime.llama;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.llmrerank.routing.runtime.FlopsCounter;
import org.llmrerank.routing.runtime.router.LayerRouters;

/**
 * One batched generation in progress: the prompts' KV cache and the last hidden states.
 *
 * <p><b>Padding:</b> prompts are <em>left</em>-padded to the longest, so every row's last prompt
 * token sits in the last column and decode steps append one column for all rows. Padding keys are
 * masked out; padding queries are computed (and counted: the engine spends those FLOPs) but their
 * outputs are never read. Positions (RoPE) count real tokens only, as Hugging Face derives
 * position ids from the attention mask, so a padded row sees exactly what it would alone.
 *
 * <p><b>Routing (Dr.LLM, routing at inference):</b> each row has its own skip/execute/repeat decision per
 * layer, fixed at prefill and reused by every decode step (the paper's behaviour, not the released
 * code's per-forward routing). Layer applications run as micro-batches of the rows that take them
 * (Dr.LLM, routing at inference "group sequences by decision"), so a skipped row costs nothing. A repeated layer has a
 * KV-cache slot per application: the second application caches its own K/V, computed from the
 * first application's output, and decode steps extend both slots. That is the cache a full
 * recompute along the same path would build, so incremental decoding equals recomputation.
 *
 * <p>Not thread-safe; close it to free its tensors.
 */
public final class LlamaSession implements AutoCloseable {

    private static final float MASKED = -Float.MAX_VALUE;

    /** Routers that decide the rows' paths during prefill. */
    record Routing(LayerRouters routers, double knob) {}

    private final DjlLlamaModel model;
    private final LlamaConfig c;
    private final NDManager manager;
    private final FlopsCounter counter;
    private final RoutedDepth[] depth;
    private Routing routing; // non-null only while a routed prefill runs
    private final int rows;
    private final int[] padding;
    private final int[] promptLength;
    private final double[] inverseFrequencies;
    private final float attentionScale;
    private final List<boolean[]> keyValid = new ArrayList<>(); // per key column, per row
    private final NDArray[][] keys;   // [layer][application] -> [subset, kvHeads, keys, headDim]
    private final NDArray[][] values;
    private NDArray normed;           // final-normed hidden of the last call, [rows, queries, hidden]
    private int steps;                // decode steps taken

    LlamaSession(DjlLlamaModel model, NDManager manager, List<long[]> prompts, RoutedDepth[] depth, Routing routing,
                 FlopsCounter counter) {
        this.model = model;
        this.c = model.config();
        this.manager = manager;
        this.counter = counter;
        this.depth = depth;
        this.routing = routing;
        this.rows = prompts.size();
        this.padding = new int[rows];
        this.promptLength = new int[rows];
        this.inverseFrequencies = c.inverseFrequencies();
        double scalar = c.variant().queryPreAttnScalar();
        this.attentionScale = scalar > 0 ? (float) (1 / Math.sqrt(scalar)) : 1.0f / (float) Math.sqrt(c.headDim());
        this.keys = new NDArray[c.layers()][2];
        this.values = new NDArray[c.layers()][2];
        try {
            int columns = 0;
            for (long[] p : prompts) {
                if (p.length == 0) {
                    throw new IllegalArgumentException("empty prompt: a decoder needs at least one token (e.g. BOS)");
                }
                columns = Math.max(columns, p.length);
            }
            if (columns > c.maxPositions()) {
                throw new IllegalArgumentException("prompt of " + columns + " tokens exceeds the model's "
                        + c.maxPositions() + " positions");
            }
            int d = c.hidden();
            float[] x = new float[rows * columns * d];
            int[][] positions = new int[rows][columns];
            for (int r = 0; r < rows; r++) {
                long[] p = prompts.get(r);
                promptLength[r] = p.length;
                padding[r] = columns - p.length;
                for (int t = 0; t < p.length; t++) {
                    model.embed(p[t], x, ((r * columns) + padding[r] + t) * d);
                    positions[r][padding[r] + t] = t;
                }
            }
            for (int t = 0; t < columns; t++) {
                boolean[] valid = new boolean[rows];
                for (int r = 0; r < rows; r++) {
                    valid[r] = t >= padding[r];
                }
                keyValid.add(valid);
            }
            forward(x, columns, positions);
            this.routing = null; // decided once, at prefill (paper behaviour, Dr.LLM, routing at inference)
        } catch (RuntimeException e) {
            manager.close();
            throw e;
        }
    }

    public int rows() {
        return rows;
    }

    /** Decode steps taken so far. */
    public int steps() {
        return steps;
    }

    /** Feeds one token per row (e.g. the greedy choice from {@link #lastLogits()}) through the model. */
    public void decode(long[] next) {
        if (next.length != rows) {
            throw new IllegalArgumentException(next.length + " tokens for " + rows + " rows");
        }
        int d = c.hidden();
        float[] x = new float[rows * d];
        int[][] positions = new int[rows][1];
        boolean[] valid = new boolean[rows];
        for (int r = 0; r < rows; r++) {
            model.embed(next[r], x, r * d);
            positions[r][0] = promptLength[r] + steps;
            valid[r] = true;
        }
        for (int r = 0; r < rows; r++) {
            if (positions[r][0] >= c.maxPositions()) {
                throw new IllegalStateException("generation exceeds the model's " + c.maxPositions() + " positions");
            }
        }
        keyValid.add(valid);
        steps++;
        forward(x, 1, positions);
    }

    /** Next-token logits after the last fed token, one {@code [vocab]} row per sequence. */
    public float[][] lastLogits() {
        long q = normed.getShape().get(1);
        try (NDManager scope = manager.newSubManager()) {
            List<float[]> out = new ArrayList<>();
            NDArray last = normed.get(":, " + (q - 1) + ", :");
            last.attach(scope);
            counter.unembedding(rows, c.hidden(), c.vocab());
            float[] flat = logits(last).toFloatArray();
            for (int r = 0; r < rows; r++) {
                out.add(Arrays.copyOfRange(flat, r * c.vocab(), (r + 1) * c.vocab()));
            }
            return out.toArray(new float[0][]);
        }
    }

    /**
     * Next-token logits after prompt tokens {@code from .. to-1} of row {@code row} (indices into
     * that row's own prompt, padding excluded), read from the prefill. Only before any decode step.
     */
    public float[][] promptLogits(int row, int from, int to) {
        if (steps > 0) {
            throw new IllegalStateException("prompt logits are only kept until the first decode step");
        }
        if (row < 0 || row >= rows || from < 0 || to > promptLength[row] || from >= to) {
            throw new IllegalArgumentException("row " + row + " prompt positions " + from + ".." + to
                    + " outside its " + promptLength[row] + " tokens");
        }
        try (NDManager scope = manager.newSubManager()) {
            NDArray h = normed.get(row + ", " + (padding[row] + from) + ":" + (padding[row] + to) + ", :");
            h.attach(scope);
            counter.unembedding(to - from, c.hidden(), c.vocab());
            float[] flat = logits(h).toFloatArray();
            float[][] out = new float[to - from][];
            for (int i = 0; i < out.length; i++) {
                out[i] = Arrays.copyOfRange(flat, i * c.vocab(), (i + 1) * c.vocab());
            }
            return out;
        }
    }

    /** The LM head over final-normed states, soft-capped where the family caps its logits (Gemma 2). */
    private NDArray logits(NDArray normedStates) {
        NDArray z = ai.djl.nn.core.Linear.linear(normedStates, model.lmHead(), null).head();
        double cap = c.variant().finalSoftcap();
        return cap > 0 ? softcap(z, cap) : z;
    }

    /** Runs {@code queries} new columns of every row through each row's path. */
    private void forward(float[] embedded, int queries, int[][] positions) {
        int d = c.hidden();
        int keyCount = keyValid.size();
        try (NDManager scope = manager.newSubManager()) {
            NDArray hidden = scope.create(embedded, new Shape(rows, queries, d));
            NDArray[] rope = rope(scope, positions, queries);
            NDArray mask = mask(scope, queries, keyCount, 0);
            int window = c.variant().slidingWindow();
            // only when some key falls outside the window does a sliding layer see less than a full one
            NDArray windowed = window > 0 && keyCount > window ? mask(scope, queries, keyCount, window) : mask;
            for (int layer = 0; layer < c.layers(); layer++) {
                if (routing != null) {
                    route(layer, hidden, queries);
                }
                for (int application = 1; application <= 2; application++) {
                    int[] subset = rowsTaking(layer, application);
                    if (subset.length == 0) {
                        continue;
                    }
                    NDArray x = select(hidden, subset, scope);
                    NDArray out = block(scope, x, layer, application - 1, select(rope[0], subset, scope),
                            select(rope[1], subset, scope),
                            select(c.variant().sliding(layer) ? windowed : mask, subset, scope), subset.length, queries);
                    hidden = scatter(hidden, out, subset, scope);
                }
            }
            NDArray result = rmsNorm(hidden, model.finalNorm());
            if (normed != null) {
                normed.close();
            }
            result.attach(manager);
            normed = result;
        }
    }

    /** Each row's decision for {@code layer} from its real prompt tokens' states entering it. */
    private void route(int layer, NDArray hidden, int columns) {
        float[] states = hidden.toFloatArray();
        int d = c.hidden();
        for (int r = 0; r < rows; r++) {
            int offset = (r * columns + padding[r]) * d;
            float[][] windows = org.llmrerank.routing.runtime.router.Router.windowMeans(states, offset, promptLength[r], d);
            depth[r].decide(layer, routing.routers().decide(layer, windows, routing.knob()).applications());
        }
    }

    /** Each row's path: as given, or as the routers chose at prefill. */
    public List<org.llmrerank.routing.runtime.LayerPath> paths() {
        List<org.llmrerank.routing.runtime.LayerPath> out = new ArrayList<>();
        for (RoutedDepth d : depth) {
            out.add(d.path());
        }
        return out;
    }

    /** One application of block {@code layer} to the rows in x; extends its KV slot. */
    private NDArray block(NDManager scope, NDArray x, int layer, int slot, NDArray cos, NDArray sin, NDArray mask,
                          long s, long queries) {
        DjlLlamaModel.Layer w = model.layer(layer);
        int hd = c.headDim();
        int kvH = c.kvHeads();
        int g = c.groups();
        NDArray h = rmsNorm(x, w.inputNorm());
        // query heads of one K/V group are adjacent (Hugging Face's repeat_kv), hence [kvH, g]
        NDArray q = linear(h, w.q()).reshape(s, queries, kvH, g, hd);
        NDArray k = linear(h, w.k()).reshape(s, queries, kvH, hd);
        if (w.qNorm() != null) {
            // Qwen3: every head's query and key normalised over the head dimension, before RoPE
            q = rmsNorm(q, w.qNorm());
            k = rmsNorm(k, w.kNorm());
        }
        q = q.transpose(0, 2, 3, 1, 4);
        k = k.transpose(0, 2, 1, 3);
        NDArray v = linear(h, w.v()).reshape(s, queries, kvH, hd).transpose(0, 2, 1, 3);
        q = rotate(q, cos.expandDims(1).expandDims(1), sin.expandDims(1).expandDims(1));
        k = rotate(k, cos.expandDims(1), sin.expandDims(1));
        NDArray keysNow = append(keys, layer, slot, k, scope);
        NDArray valuesNow = append(values, layer, slot, v, scope);
        long keyCount = keysNow.getShape().get(2);
        // the cache belongs to the session; views of it are moved to the scope so they are freed with it
        NDArray keysGrouped = keysNow.expandDims(2);
        keysGrouped.attach(scope);
        NDArray valuesGrouped = valuesNow.expandDims(2);
        valuesGrouped.attach(scope);
        NDArray scores = q.matMul(keysGrouped.transpose(0, 1, 2, 4, 3)).mul(attentionScale);
        if (c.variant().attentionSoftcap() > 0) {
            scores = softcap(scores, c.variant().attentionSoftcap());
        }
        scores = scores.add(mask);
        NDArray context = scores.softmax(-1).matMul(valuesGrouped)
                .transpose(0, 3, 1, 2, 4).reshape(s, queries, (long) c.heads() * hd);
        counter.attention(s, c.heads(), kvH, queries, keyCount, hd);
        if (w.preFfnNorm() != null) {
            // Gemma 2: the attention output and the MLP's output are normalised before their residual adds
            NDArray attended = x.add(rmsNorm(linear(context, w.o()), w.postNorm()));
            return attended.add(rmsNorm(mlp(rmsNorm(attended, w.preFfnNorm()), w), w.postFfnNorm()));
        }
        NDArray attended = x.add(linear(context, w.o()));
        return attended.add(mlp(rmsNorm(attended, w.postNorm()), w));
    }

    /** The gated MLP: {@code down(act(gate(h)) · up(h))}, SwiGLU or GeGLU. */
    private NDArray mlp(NDArray h, DjlLlamaModel.Layer w) {
        NDArray gate = linear(h, w.gate());
        NDArray activated = c.variant().activation() == LlamaConfig.Activation.SILU
                ? gate.mul(Activation.sigmoid(gate)) : geluTanh(gate);
        return linear(activated.mul(linear(h, w.up())), w.down());
    }

    /** PyTorch's {@code gelu(approximate="tanh")}: 0.5·x·(1 + tanh(√(2/π)·(x + 0.044715·x³))). */
    private static NDArray geluTanh(NDArray x) {
        NDArray inner = x.add(x.pow(3).mul(0.044715f)).mul((float) Math.sqrt(2 / Math.PI));
        return x.mul(0.5f).mul(inner.tanh().add(1f));
    }

    /** Gemma 2's soft cap, {@code cap · tanh(x / cap)}: bounds x to (-cap, cap) smoothly. */
    static NDArray softcap(NDArray x, double cap) {
        return x.div((float) cap).tanh().mul((float) cap);
    }

    /** Concatenates the new K or V to its slot; the slot's old tensor is freed with the scope. */
    private NDArray append(NDArray[][] cache, int layer, int slot, NDArray fresh, NDManager scope) {
        NDArray old = cache[layer][slot];
        NDArray now;
        if (old == null) {
            now = fresh;
        } else {
            old.attach(scope);
            now = old.concat(fresh, 2);
        }
        now.attach(manager);
        cache[layer][slot] = now;
        return now;
    }

    /** HF's rotate-half RoPE: x·cos + rotate_half(x)·sin, rotate_half(x) = [-x2, x1]. */
    private static NDArray rotate(NDArray x, NDArray cos, NDArray sin) {
        int last = x.getShape().dimension() - 1;
        NDList halves = x.split(2, last);
        NDArray rotated = halves.get(1).neg().concat(halves.get(0), last);
        return x.mul(cos).add(rotated.mul(sin));
    }

    private NDArray rmsNorm(NDArray x, NDArray weight) {
        NDArray variance = x.square().mean(new int[] {-1}, true);
        return x.mul(variance.add((float) c.rmsNormEps()).pow(-0.5f)).mul(weight);
    }

    private NDArray linear(NDArray x, DjlLlamaModel.Linear l) {
        counter.linear(x.getShape().size() / l.in(), l.in(), l.out());
        // torch's fused linear; a null bias is allowed. The result belongs to x's manager (the scope).
        return ai.djl.nn.core.Linear.linear(x, l.weight(), l.bias()).head();
    }

    /** cos and sin tables, {@code [rows, queries, headDim]}, from float64 angles. */
    private NDArray[] rope(NDManager scope, int[][] positions, int queries) {
        int hd = c.headDim();
        int half = hd / 2;
        float[] cos = new float[rows * queries * hd];
        float[] sin = new float[cos.length];
        for (int r = 0; r < rows; r++) {
            for (int t = 0; t < queries; t++) {
                int at = (r * queries + t) * hd;
                for (int i = 0; i < half; i++) {
                    double angle = positions[r][t] * inverseFrequencies[i];
                    cos[at + i] = cos[at + i + half] = (float) Math.cos(angle);
                    sin[at + i] = sin[at + i + half] = (float) Math.sin(angle);
                }
            }
        }
        Shape shape = new Shape(rows, queries, hd);
        return new NDArray[] {scope.create(cos, shape), scope.create(sin, shape)};
    }

    /**
     * Additive mask {@code [rows, 1, 1, queries, keys]}: causal, and padding keys removed; with a
     * {@code window} > 0 also every key {@code window} or more columns back. A row's real tokens are
     * contiguous columns, so columns back are positions back.
     */
    private NDArray mask(NDManager scope, int queries, int keyCount, int window) {
        float[] bias = new float[rows * queries * keyCount];
        for (int r = 0; r < rows; r++) {
            for (int i = 0; i < queries; i++) {
                int absolute = keyCount - queries + i;
                for (int j = 0; j < keyCount; j++) {
                    boolean visible = j <= absolute && keyValid.get(j)[r] && (window == 0 || absolute - j < window);
                    bias[(r * queries + i) * keyCount + j] = visible ? 0f : MASKED;
                }
            }
        }
        return scope.create(bias, new Shape(rows, 1, 1, queries, keyCount));
    }

    private int[] rowsTaking(int layer, int application) {
        int[] subset = new int[rows];
        int n = 0;
        for (int r = 0; r < rows; r++) {
            if (depth[r].applications(layer) >= application) {
                subset[n++] = r;
            }
        }
        return Arrays.copyOf(subset, n);
    }

    private NDArray select(NDArray all, int[] subset, NDManager scope) {
        if (subset.length == rows) {
            return all;
        }
        NDList picked = new NDList();
        for (int r : subset) {
            NDArray row = all.get(r);
            row.attach(scope);
            picked.add(row);
        }
        NDArray out = NDArrays.stack(picked);
        out.attach(scope);
        return out;
    }

    private NDArray scatter(NDArray all, NDArray part, int[] subset, NDManager scope) {
        if (subset.length == rows) {
            return part;
        }
        NDList merged = new NDList();
        int next = 0;
        for (int r = 0; r < rows; r++) {
            NDArray row = next < subset.length && subset[next] == r ? part.get(next++) : all.get(r);
            row.attach(scope);
            merged.add(row);
        }
        NDArray out = NDArrays.stack(merged);
        out.attach(scope);
        return out;
    }

    @Override
    public void close() {
        manager.close();
    }
}
