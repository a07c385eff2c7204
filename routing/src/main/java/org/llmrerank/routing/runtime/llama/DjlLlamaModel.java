package org.llmrerank.routing.runtime.llama;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.ArrayList;
import java.util.List;
import org.llmrerank.routing.runtime.EngineArrays;
import org.llmrerank.routing.runtime.FlopsCounter;
import org.llmrerank.routing.runtime.LayerPath;
import org.llmrerank.routing.runtime.router.LayerRouters;
import org.llmrerank.routing.runtime.llama.LlamaCheckpoint.Tensor;

/**
 * A Llama-family decoder's weights (Llama, Mistral, Qwen2, Qwen3, Gemma, Gemma 2) resident in DJL's
 * PyTorch engine (fp32, CPU), and the entry point to a batched generation ({@link #prefill}). Holds
 * no per-call state, so one instance serves concurrent sessions; {@link #close()} only once none runs.
 *
 * <p>Token embeddings stay in Java (a gather, not compute), as in the BERT runtime.
 */
public final class DjlLlamaModel implements AutoCloseable {

    /** {@code nn.Linear} layout {@code [out, in]}; bias may be null. */
    record Linear(NDArray weight, NDArray bias, int in, int out) {}

    /** One block's weights; {@code qNorm}/{@code kNorm} (Qwen3) and the feed-forward norms (Gemma 2) may be null. */
    record Layer(NDArray inputNorm, Linear q, Linear k, Linear v, Linear o, NDArray postNorm,
                 Linear gate, Linear up, Linear down, NDArray qNorm, NDArray kNorm, NDArray preFfnNorm,
                 NDArray postFfnNorm) {}

    private final NDManager manager;
    private final LlamaConfig config;
    private final float[] embeddings;
    private final List<Layer> layers;
    private final NDArray finalNorm;
    private final NDArray lmHead;

    private DjlLlamaModel(NDManager manager, LlamaConfig config, float[] embeddings, List<Layer> layers,
                          NDArray finalNorm, NDArray lmHead) {
        this.manager = manager;
        this.config = config;
        this.embeddings = embeddings;
        this.layers = layers;
        this.finalNorm = finalNorm;
        this.lmHead = lmHead;
    }

    /** Copies the checkpoint's tensors into the engine, one at a time. */
    public static DjlLlamaModel load(LlamaCheckpoint checkpoint) {
        LlamaConfig c = checkpoint.config();
        NDManager manager = org.llmrerank.routing.runtime.DjlEngineSetup.newCpuManager();
        try {
            int d = c.hidden();
            int q = c.heads() * c.headDim();
            int kv = c.kvHeads() * c.headDim();
            int ff = c.intermediate();
            List<Layer> layers = new ArrayList<>();
            for (int i = 0; i < c.layers(); i++) {
                boolean b = c.qkvBias();
                layers.add(new Layer(
                        norm(manager, checkpoint, i, Tensor.INPUT_NORM),
                        linear(manager, checkpoint, i, Tensor.Q, b ? Tensor.Q_BIAS : null, d, q),
                        linear(manager, checkpoint, i, Tensor.K, b ? Tensor.K_BIAS : null, d, kv),
                        linear(manager, checkpoint, i, Tensor.V, b ? Tensor.V_BIAS : null, d, kv),
                        linear(manager, checkpoint, i, Tensor.O, null, q, d),
                        norm(manager, checkpoint, i, Tensor.POST_NORM),
                        linear(manager, checkpoint, i, Tensor.GATE, null, d, ff),
                        linear(manager, checkpoint, i, Tensor.UP, null, d, ff),
                        linear(manager, checkpoint, i, Tensor.DOWN, null, ff, d),
                        norm(manager, checkpoint, i, Tensor.Q_NORM), norm(manager, checkpoint, i, Tensor.K_NORM),
                        norm(manager, checkpoint, i, Tensor.PRE_FFN_NORM),
                        norm(manager, checkpoint, i, Tensor.POST_FFN_NORM)));
            }
            NDArray head = EngineArrays.matrix(manager, checkpoint.lmHead(), c.vocab(), d);
            return new DjlLlamaModel(manager, c, checkpoint.embeddings(), List.copyOf(layers),
                    vector(manager, normWeight(c, checkpoint.finalNorm())), head);
        } catch (RuntimeException e) {
            manager.close();
            throw e;
        }
    }

    public LlamaConfig config() {
        return config;
    }

    Layer layer(int i) {
        return layers.get(i);
    }

    NDArray finalNorm() {
        return finalNorm;
    }

    NDArray lmHead() {
        return lmHead;
    }

    /** Row {@code id} of the embedding matrix, copied into {@code out} at {@code at}. */
    void embed(long id, float[] out, int at) {
        if (id < 0 || id >= config.vocab()) {
            throw new IllegalArgumentException("token id " + id + " is outside 0.." + (config.vocab() - 1));
        }
        System.arraycopy(embeddings, (int) id * config.hidden(), out, at, config.hidden());
        double scale = config.variant().embeddingScale();
        if (scale != 1) {
            // Gemma multiplies by sqrt(hidden) rounded to the activations' dtype (fp32 here)
            float s = (float) scale;
            for (int i = at; i < at + config.hidden(); i++) {
                out[i] *= s;
            }
        }
    }

    /**
     * Runs the prompts through the model (left-padded into one batch) along each row's path and
     * returns the session holding their KV cache, ready for {@link LlamaSession#decode}.
     *
     * @param prompts one token-id sequence per row (special tokens included), none empty
     * @param paths   one Dr.LLM path per row (skip / execute / repeat per layer), fixed for the
     *                session: decode steps reuse it (the paper's "routers run once per sequence")
     */
    public LlamaSession prefill(List<long[]> prompts, List<LayerPath> paths, FlopsCounter counter) {
        if (prompts.isEmpty() || prompts.size() != paths.size()) {
            throw new IllegalArgumentException(prompts.size() + " prompts and " + paths.size() + " paths");
        }
        return new LlamaSession(this, manager.newSubManager(), prompts, RoutedDepth.of(paths, config.layers()), null,
                counter);
    }

    /**
     * {@link #prefill} with Dr.LLM routers choosing each row's path (Dr.LLM, routers and routing at inference): before layer ℓ,
     * router ℓ reads the window means of that row's real prompt tokens entering ℓ and decides skip,
     * execute or repeat; the path is then fixed for the session's decode steps.
     * {@link LlamaSession#paths()} reports what was chosen. The routers' own FLOPs (two small
     * matmuls per window, under 0.1% here) are not counted, as the estimator does not model them.
     *
     * @param knob Dr.LLM's post-hoc control p in [-1, 1] ({@link LayerRouters#decide(double[], double)})
     */
    public LlamaSession prefill(List<long[]> prompts, LayerRouters routers, double knob, FlopsCounter counter) {
        if (routers.layers() != config.layers() || routers.inputDim() != config.hidden()) {
            throw new IllegalArgumentException("routers for " + routers.layers() + " layers of width " + routers.inputDim()
                    + ", the model has " + config.layers() + " of width " + config.hidden());
        }
        RoutedDepth[] depth = new RoutedDepth[prompts.size()];
        for (int i = 0; i < depth.length; i++) {
            depth[i] = RoutedDepth.undecided(config.layers());
        }
        return new LlamaSession(this, manager.newSubManager(), prompts, depth,
                new LlamaSession.Routing(routers, knob), counter);
    }

    /** {@link #prefill} along the full depth for every row. */
    public LlamaSession prefill(List<long[]> prompts, FlopsCounter counter) {
        List<LayerPath> full = new ArrayList<>();
        for (int i = 0; i < prompts.size(); i++) {
            full.add(LayerPath.full(config.layers()));
        }
        return prefill(prompts, full, counter);
    }

    private static Linear linear(NDManager m, LlamaCheckpoint ck, int layer, Tensor w, Tensor bias, int in, int out) {
        NDArray weight = EngineArrays.matrix(m, ck.layer(layer, w), out, in);
        NDArray b = bias == null ? null : m.create(ck.layer(layer, bias), new Shape(out));
        return new Linear(weight, b, in, out);
    }

    /** A norm weight of block {@code layer}, or null when this family has none such. */
    private static NDArray norm(NDManager m, LlamaCheckpoint ck, int layer, Tensor t) {
        return t.present(ck.config()) ? vector(m, normWeight(ck.config(), ck.layer(layer, t))) : null;
    }

    /** The factor a norm multiplies by: the weight, or Gemma's {@code 1 + weight} (added once, in fp32, as Gemma does). */
    private static float[] normWeight(LlamaConfig c, float[] weight) {
        if (c.variant().normPlusOne()) {
            for (int i = 0; i < weight.length; i++) {
                weight[i] = 1.0f + weight[i];
            }
        }
        return weight;
    }

    private static NDArray vector(NDManager m, float[] v) {
        return m.create(v, new Shape(v.length));
    }

    @Override
    public void close() {
        manager.close();
    }
}
