package org.llmrerank.routing.runtime.t5;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.ArrayList;
import java.util.List;
import org.llmrerank.routing.runtime.EngineArrays;
import org.llmrerank.routing.runtime.FlopsCounter;

/**
 * A T5 encoder-decoder's weights in DJL's PyTorch engine (fp32, CPU) and the entry point to a
 * batched call ({@link #encode}). Stateless between calls, so sessions may run concurrently.
 * Both stacks run at full depth: layer routing is defined for single-stack models (Dr.LLM; the
 * estimator refuses routed encoder-decoders too).
 */
public final class DjlT5Model implements AutoCloseable {

    /** {@code [out, in]}, no bias (T5 has none). */
    record Attention(NDArray q, NDArray k, NDArray v, NDArray o) {}

    /** wi1 is null for the ReLU FFN. */
    record Ffn(NDArray wi0, NDArray wi1, NDArray wo) {}

    record EncoderBlock(NDArray attentionNorm, Attention attention, NDArray ffnNorm, Ffn ffn) {}

    record DecoderBlock(NDArray selfNorm, Attention self, NDArray crossNorm, Attention cross, NDArray ffnNorm, Ffn ffn) {}

    private final NDManager manager;
    private final T5Config config;
    private final float[] shared;
    private final float[] encoderBias; // [buckets, heads]
    private final float[] decoderBias;
    private final List<EncoderBlock> encoder;
    private final List<DecoderBlock> decoder;
    private final NDArray encoderNorm;
    private final NDArray decoderNorm;
    private final NDArray lmHead;

    private DjlT5Model(NDManager manager, T5Config config, float[] shared, float[] encoderBias, float[] decoderBias,
                       List<EncoderBlock> encoder, List<DecoderBlock> decoder, NDArray encoderNorm, NDArray decoderNorm,
                       NDArray lmHead) {
        this.manager = manager;
        this.config = config;
        this.shared = shared;
        this.encoderBias = encoderBias;
        this.decoderBias = decoderBias;
        this.encoder = encoder;
        this.decoder = decoder;
        this.encoderNorm = encoderNorm;
        this.decoderNorm = decoderNorm;
        this.lmHead = lmHead;
    }

    public static DjlT5Model load(T5Checkpoint ck) {
        T5Config c = ck.config();
        NDManager m = org.llmrerank.routing.runtime.DjlEngineSetup.newCpuManager();
        try {
            List<EncoderBlock> enc = new ArrayList<>();
            List<DecoderBlock> dec = new ArrayList<>();
            for (int b = 0; b < c.layers(); b++) {
                enc.add(new EncoderBlock(norm(m, ck, "encoder", b, 0), attention(m, ck, "encoder", b, 0, "SelfAttention"),
                        norm(m, ck, "encoder", b, 1), ffn(m, ck, "encoder", b)));
                dec.add(new DecoderBlock(norm(m, ck, "decoder", b, 0), attention(m, ck, "decoder", b, 0, "SelfAttention"),
                        norm(m, ck, "decoder", b, 1), attention(m, ck, "decoder", b, 1, "EncDecAttention"),
                        norm(m, ck, "decoder", b, 2), ffn(m, ck, "decoder", b)));
            }
            return new DjlT5Model(m, c, ck.shared(), ck.relativeBias("encoder"), ck.relativeBias("decoder"),
                    List.copyOf(enc), List.copyOf(dec), vector(m, ck.finalNorm("encoder")),
                    vector(m, ck.finalNorm("decoder")), EngineArrays.matrix(m, ck.lmHead(), c.vocab(), c.dModel()));
        } catch (RuntimeException e) {
            m.close();
            throw e;
        }
    }

    public T5Config config() {
        return config;
    }

    /**
     * Encodes the prompts (right-padded: T5's positions are relative, so padding after the text
     * changes nothing once masked) and projects every decoder layer's cross-attention K/V once.
     */
    public T5Session encode(List<long[]> prompts, FlopsCounter counter) {
        return new T5Session(this, manager.newSubManager(), prompts, counter);
    }

    void embed(long id, float[] out, int at) {
        if (id < 0 || id >= config.vocab()) {
            throw new IllegalArgumentException("token id " + id + " is outside 0.." + (config.vocab() - 1));
        }
        System.arraycopy(shared, (int) id * config.dModel(), out, at, config.dModel());
    }

    float relativeBias(boolean encoderStack, int bucket, int head) {
        return (encoderStack ? encoderBias : decoderBias)[bucket * config.heads() + head];
    }

    EncoderBlock encoderBlock(int b) {
        return encoder.get(b);
    }

    DecoderBlock decoderBlock(int b) {
        return decoder.get(b);
    }

    NDArray encoderNorm() {
        return encoderNorm;
    }

    NDArray decoderNorm() {
        return decoderNorm;
    }

    NDArray lmHead() {
        return lmHead;
    }

    private static NDArray norm(NDManager m, T5Checkpoint ck, String stack, int block, int layer) {
        return vector(m, ck.tensor(stack, block, layer, "layer_norm.weight", ck.config().dModel()));
    }

    private static Attention attention(NDManager m, T5Checkpoint ck, String stack, int block, int layer, String kind) {
        T5Config c = ck.config();
        long d = c.dModel();
        long inner = c.inner();
        return new Attention(
                matrix(m, ck.tensor(stack, block, layer, kind + ".q.weight", inner, d), inner, d),
                matrix(m, ck.tensor(stack, block, layer, kind + ".k.weight", inner, d), inner, d),
                matrix(m, ck.tensor(stack, block, layer, kind + ".v.weight", inner, d), inner, d),
                matrix(m, ck.tensor(stack, block, layer, kind + ".o.weight", d, inner), d, inner));
    }

    private static Ffn ffn(NDManager m, T5Checkpoint ck, String stack, int block) {
        T5Config c = ck.config();
        int layer = T5Checkpoint.ffnLayer(stack);
        long d = c.dModel();
        long ff = c.dFf();
        NDArray wo = matrix(m, ck.tensor(stack, block, layer, "DenseReluDense.wo.weight", d, ff), d, ff);
        if (c.gatedGelu()) {
            return new Ffn(matrix(m, ck.tensor(stack, block, layer, "DenseReluDense.wi_0.weight", ff, d), ff, d),
                    matrix(m, ck.tensor(stack, block, layer, "DenseReluDense.wi_1.weight", ff, d), ff, d), wo);
        }
        return new Ffn(matrix(m, ck.tensor(stack, block, layer, "DenseReluDense.wi.weight", ff, d), ff, d), null, wo);
    }

    private static NDArray matrix(NDManager m, float[] data, long out, long in) {
        return EngineArrays.matrix(m, data, out, in);
    }

    private static NDArray vector(NDManager m, float[] v) {
        return m.create(v, new Shape(v.length));
    }

    @Override
    public void close() {
        manager.close();
    }
}
