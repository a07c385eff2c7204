package org.llmrerank.estimator;

import java.util.Objects;

/**
 * The shape of a transformer, as far as FLOPs accounting needs it (E2R-FLOPs, notation).
 *
 * <p>For {@link Kind#ENCODER_DECODER} models {@code nLayer} is the depth of each stack: T5 has as
 * many decoder blocks as encoder blocks, and the paper's estimator assumes so.
 *
 * @param name        human-readable name (preset name or config path), used in messages only
 * @param kind        which stacks the model has
 * @param nLayer      transformer blocks (per stack for encoder-decoder)
 * @param dModel      residual width
 * @param dFf         FFN hidden size (for MoE: active experts times expert width, E2R-FLOPs, mixture of experts, sec. 3.2.1)
 * @param nHeads      query heads
 * @param nKvHeads    key/value heads; equal to {@code nHeads} for multi-head attention, fewer for GQA
 * @param dAttn       width of the concatenated query projection, {@code nHeads * headDim}
 * @param vocab       vocabulary size; only the optional unembedding term uses it
 * @param ffnMatrices d_model x d_ff matrices per FFN: 2 = Kaplan / the paper, 3 = gated FFN
 *                    (SwiGLU, gated-GELU) counted truthfully
 */
public record Architecture(
        String name,
        Kind kind,
        int nLayer,
        int dModel,
        int dFf,
        int nHeads,
        int nKvHeads,
        int dAttn,
        int vocab,
        int ffnMatrices) {

    /** Which stacks a transformer has; decides the closed form used by {@link FlopsEstimator}. */
    public enum Kind {
        ENCODER_ONLY,
        DECODER_ONLY,
        ENCODER_DECODER
    }

    public Architecture {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(kind, "kind");
        requirePositive(name, "nLayer", nLayer);
        requirePositive(name, "dModel", dModel);
        requirePositive(name, "dFf", dFf);
        requirePositive(name, "nHeads", nHeads);
        requirePositive(name, "nKvHeads", nKvHeads);
        requirePositive(name, "dAttn", dAttn);
        requirePositive(name, "vocab", vocab);
        if (nHeads % nKvHeads != 0) {
            throw new IllegalArgumentException(name + ": nHeads (" + nHeads
                    + ") must be a multiple of nKvHeads (" + nKvHeads + ")");
        }
        if (ffnMatrices != 2 && ffnMatrices != 3) {
            throw new IllegalArgumentException(name + ": ffnMatrices must be 2 or 3, got " + ffnMatrices);
        }
    }

    private static void requirePositive(String name, String field, int value) {
        if (value <= 0) {
            throw new IllegalArgumentException(name + ": " + field + " must be positive, got " + value);
        }
    }

    /** A BERT-style encoder: multi-head attention, d_attn = d_model, two-matrix GELU FFN. */
    public static Architecture encoderOnly(String name, int nLayer, int dModel, int dFf, int nHeads, int vocab) {
        return new Architecture(name, Kind.ENCODER_ONLY, nLayer, dModel, dFf, nHeads, nHeads, dModel, vocab, 2);
    }

    /**
     * A decoder-only LM (Llama, Qwen2, Mistral) with d_attn = d_model.
     *
     * @param ffnMatrices 3 for the SwiGLU FFN these models really have, 2 to reproduce the paper
     */
    public static Architecture decoderOnly(String name, int nLayer, int dModel, int dFf, int nHeads,
                                           int nKvHeads, int vocab, int ffnMatrices) {
        return new Architecture(name, Kind.DECODER_ONLY, nLayer, dModel, dFf, nHeads, nKvHeads, dModel,
                vocab, ffnMatrices);
    }

    /**
     * A T5-style encoder-decoder; d_attn = nHeads * dKv (T5 decouples it from d_model).
     *
     * @param ffnMatrices 3 for gated-GELU (Flan-T5, T5 v1.1), 2 for the original ReLU T5 or the paper
     */
    public static Architecture encoderDecoder(String name, int nLayer, int dModel, int dFf, int nHeads,
                                              int dKv, int vocab, int ffnMatrices) {
        return new Architecture(name, Kind.ENCODER_DECODER, nLayer, dModel, dFf, nHeads, nHeads,
                nHeads * dKv, vocab, ffnMatrices);
    }

    /** The same shape counted with another FFN matrix count (2 = paper, 3 = gated truth). */
    public Architecture withFfnMatrices(int matrices) {
        return new Architecture(name, kind, nLayer, dModel, dFf, nHeads, nKvHeads, dAttn, vocab, matrices);
    }

    /** n_KV / n_Q: 1 for multi-head attention, 1/ratio for GQA (the paper's {@code 1/r}). */
    public double kvFraction() {
        return (double) nKvHeads / nHeads;
    }

    /** The paper's GQA ratio {@code r = n_Q / n_KV}. */
    public int gqaRatio() {
        return nHeads / nKvHeads;
    }
}
