package org.llmrerank.estimator;

import java.util.List;

/**
 * Closed-form FLOPs of transformer forward passes, E2R-FLOPs style (its eqs. 3-15: decoder, grouped-query attention, mixture of experts, encoder-decoder).
 *
 * <p>Kaplan accounting: a matmul with P weights costs 2P FLOPs per token; non-linearities, biases,
 * norms and embedding lookups are free; the LM head is reported separately ({@link #breakdown}).
 * With {@code ffnMatrices = 2} every method reproduces the paper's {@code calculator.py} exactly;
 * {@code ffnMatrices = 3} counts the third matrix that gated FFNs really multiply by (E2R-FLOPs, estimate vs measured FLOPs:
 * this brings the estimate within 0.5% of DeepSpeed's measured FLOPs for Qwen2.5 and Flan-T5).
 *
 * <p>The attention score/value term of GQA models is scaled by {@code n_KV / n_Q} as in the paper
 * (E2R-FLOPs, grouped-query attention, eqs. 9-11). That is the paper's modelling choice, kept so the numbers compare with its tables.
 *
 * <p>Token counts are doubles because the paper feeds per-call averages (e.g. 322.65 tokens).
 */
public final class FlopsEstimator {

    private FlopsEstimator() {}

    /** FLOPs of one forward pass of an encoder-only model (BERT) over one sequence of nCtx tokens. */
    public static double encoderOnly(Architecture a, double nCtx) {
        requireKind(a, Architecture.Kind.ENCODER_ONLY);
        return a.nLayer() * encoderLayer(a, nCtx);
    }

    /** FLOPs of one decoder-only call: prefill nCtx prompt tokens, then generate nOpt tokens with a KV cache. */
    public static double decoderOnly(Architecture a, double nCtx, double nOpt) {
        requireKind(a, Architecture.Kind.DECODER_ONLY);
        return a.nLayer() * (decoderPrefillLayer(a, nCtx) + decoderGenerateLayer(a, nCtx, nOpt));
    }

    /** FLOPs of one encoder-decoder (T5) call: encode nCtx tokens, project cross K/V once, decode nOpt tokens. */
    public static double encoderDecoder(Architecture a, double nCtx, double nOpt) {
        requireKind(a, Architecture.Kind.ENCODER_DECODER);
        return a.nLayer() * (encoderLayer(a, nCtx) + crossKvLayer(a, nCtx) + t5DecoderLayer(a, nCtx, nOpt));
    }

    /** FLOPs of one call of any kind (nOpt is ignored for encoder-only models: they generate nothing). */
    public static double call(Architecture a, double nCtx, double nOpt) {
        return breakdown(a, nCtx, nOpt).total();
    }

    /** One call split into prompt, cross K/V, output and the (uncounted) LM head. */
    public static FlopsBreakdown breakdown(Architecture a, double nCtx, double nOpt) {
        requireTokens(nCtx, nOpt);
        int l = a.nLayer();
        return switch (a.kind()) {
            case ENCODER_ONLY -> new FlopsBreakdown(l * encoderLayer(a, nCtx), 0, 0, 0);
            case DECODER_ONLY -> new FlopsBreakdown(l * decoderPrefillLayer(a, nCtx), 0,
                    l * decoderGenerateLayer(a, nCtx, nOpt), unembedding(a, nOpt));
            case ENCODER_DECODER -> new FlopsBreakdown(l * encoderLayer(a, nCtx), l * crossKvLayer(a, nCtx),
                    l * t5DecoderLayer(a, nCtx, nOpt), unembedding(a, nOpt));
        };
    }

    /**
     * FLOPs of one call of a routed model (Dr.LLM) whose executed layer applications are
     * {@code executedLayers}: one entry per application, so a skipped layer is absent and a repeated
     * one appears twice. Every block of a stack has the same shape, so the cost is the per-layer cost
     * times the number of applications; the full-depth path {@code [0 .. nLayer-1]} gives exactly
     * {@link #call}. A repeated layer also reads its KV entries twice, which the per-application
     * count already charges.
     *
     * <p>Only single-stack models are routed (the routers sit between the blocks of one stack).
     *
     * @throws IllegalArgumentException for an encoder-decoder model or a layer index out of range
     */
    public static double routed(Architecture a, List<Integer> executedLayers, double nCtx, double nOpt) {
        if (a.kind() == Architecture.Kind.ENCODER_DECODER) {
            throw new IllegalArgumentException(a.name() + ": layer routing is defined for single-stack models "
                    + "(encoder-only or decoder-only), not encoder-decoder");
        }
        requireTokens(nCtx, nOpt);
        for (int i = 0; i < executedLayers.size(); i++) {
            Integer layer = executedLayers.get(i);
            if (layer == null || layer < 0 || layer >= a.nLayer()) {
                throw new IllegalArgumentException(a.name() + ": executed layer #" + i + " is " + layer
                        + ", outside 0.." + (a.nLayer() - 1));
            }
        }
        double perLayer = a.kind() == Architecture.Kind.ENCODER_ONLY
                ? encoderLayer(a, nCtx)
                : decoderPrefillLayer(a, nCtx) + decoderGenerateLayer(a, nCtx, nOpt);
        return executedLayers.size() * perLayer;
    }

    /**
     * {@link #routed} for an encoder whose output is read at one position only (first-token / CLS pooling) by a
     * runtime that knows it: the path's last block computes keys and values for all {@code nCtx} positions and the
     * query, attention output and FFN for that one position, so its cost is
     * {@code 2·2·d·d_kv·n + 2·(2·d·d_attn + FFN) + 4·n·d_kv} instead of a full block. ONNX graphs that output every
     * position (the bundled int8 models) pay the full block: use {@link #routed} for them.
     */
    public static double routedFirstTokenRead(Architecture a, List<Integer> executedLayers, double nCtx) {
        if (a.kind() != Architecture.Kind.ENCODER_ONLY) {
            throw new IllegalArgumentException(a.name() + ": first-token reading applies to encoders");
        }
        double all = routed(a, executedLayers, nCtx, 0);
        if (executedLayers.isEmpty()) {
            return all;
        }
        double kv = a.kvFraction() * a.dAttn();
        double lastBlock = 2 * (2 * a.dModel() * kv) * nCtx + 2 * (2 * a.dModel() * a.dAttn() + ffnParams(a)) + 4 * nCtx * kv;
        return all - encoderLayer(a, nCtx) + lastBlock;
    }

    /**
     * FLOPs of one cross-encoder pass over a query-passage pair of {@code nCtx} tokens (special tokens included): the
     * encoder over every position, then its sequence-classification head on the first token.
     */
    public static double crossEncoder(Architecture a, double nCtx, int labels) {
        return encoderOnly(a, nCtx) + classificationHead(a, labels);
    }

    /**
     * A sequence-classification head on one position: a {@code d_model x d_model} dense layer (BERT's pooler,
     * XLM-RoBERTa's classifier.dense) then the {@code d_model x labels} projection to the logits,
     * {@code 2·d·d + 2·d·labels}. Unlike an LM head it is counted: the score is its output.
     */
    public static double classificationHead(Architecture a, int labels) {
        requireKind(a, Architecture.Kind.ENCODER_ONLY);
        if (labels < 1) {
            throw new IllegalArgumentException(a.name() + ": a classification head has at least one logit, got " + labels);
        }
        return 2.0 * a.dModel() * a.dModel() + 2.0 * a.dModel() * labels;
    }

    /**
     * LM-head FLOPs, {@code 2 * d_model * vocab} per position whose logits are read: one per generated
     * token, and one for a call scored from logits without generating (nOpt = 0). Encoders have no head.
     */
    public static double unembedding(Architecture a, double nOpt) {
        if (a.kind() == Architecture.Kind.ENCODER_ONLY) {
            return 0;
        }
        return 2.0 * a.dModel() * a.vocab() * Math.max(nOpt, 1);
    }

    /**
     * Non-embedding weights touched per token by one encoder block: Q, K, V, O (K and V shrunk by
     * GQA) plus the FFN. Kaplan's N = 2·d·(2·d_attn + d_ff) per layer when MHA with 2 FFN matrices.
     */
    public static double encoderLayerParams(Architecture a) {
        return 2.0 * a.dModel() * (1 + a.kvFraction()) * a.dAttn() + ffnParams(a);
    }

    /** Decoder-only blocks have the same weights as encoder blocks; only the attention span differs. */
    public static double decoderLayerParams(Architecture a) {
        return encoderLayerParams(a);
    }

    /** T5 decoder block: self Q, K, V, O plus cross Q and O (cross K/V is charged once per prompt). */
    public static double t5DecoderLayerParams(Architecture a) {
        return 6.0 * a.dModel() * a.dAttn() + ffnParams(a);
    }

    /** Non-embedding parameters of the whole model (both stacks for encoder-decoder). */
    public static double nonEmbeddingParams(Architecture a) {
        return switch (a.kind()) {
            case ENCODER_ONLY, DECODER_ONLY -> a.nLayer() * encoderLayerParams(a);
            case ENCODER_DECODER -> a.nLayer() * (encoderLayerParams(a) + t5DecoderLayerParams(a));
        };
    }

    private static double ffnParams(Architecture a) {
        return (double) a.ffnMatrices() * a.dModel() * a.dFf();
    }

    /** One encoder block over n tokens with full self-attention: 2·P·n + 4·n²·d_attn (QKᵀ and A·V). */
    private static double encoderLayer(Architecture a, double n) {
        return 2 * encoderLayerParams(a) * n + 4 * n * n * a.kvFraction() * a.dAttn();
    }

    /** Prefill of one decoder block: as the encoder; the paper does not halve for the causal mask. */
    private static double decoderPrefillLayer(Architecture a, double n) {
        return encoderLayer(a, n);
    }

    /**
     * Generation in one decoder block with a KV cache: output token i (1-based) attends to n + i - 1
     * positions, summed over i = 1..m: 2·P·m + 2·g·d_attn·(2·m·n + m·(m−1)).
     */
    private static double decoderGenerateLayer(Architecture a, double n, double m) {
        return 2 * decoderLayerParams(a) * m + attentionOverCache(a.kvFraction() * a.dAttn(), n, m);
    }

    /** T5 decoder block: cross-attention over n encoder outputs plus self-attention over earlier outputs. */
    private static double t5DecoderLayer(Architecture a, double n, double m) {
        return 2 * t5DecoderLayerParams(a) * m + attentionOverCache(a.dAttn(), n, m);
    }

    private static double attentionOverCache(double width, double n, double m) {
        return 2 * width * (2 * m * n + m * (m - 1));
    }

    /** Cross-attention K and V projections of the n encoder outputs, once per prompt: 4·n·d·d_attn. */
    private static double crossKvLayer(Architecture a, double n) {
        return 4 * n * a.dModel() * a.dAttn();
    }

    private static void requireKind(Architecture a, Architecture.Kind kind) {
        if (a.kind() != kind) {
            throw new IllegalArgumentException(a.name() + " is " + a.kind() + ", not " + kind);
        }
    }

    private static void requireTokens(double nCtx, double nOpt) {
        if (!(nCtx >= 0) || !(nOpt >= 0) || Double.isInfinite(nCtx) || Double.isInfinite(nOpt)) {
            throw new IllegalArgumentException("token counts must be finite and non-negative, got nCtx="
                    + nCtx + ", nOpt=" + nOpt);
        }
    }
}
