package org.llmrerank.routing.runtime;

/**
 * FLOPs the runtime executed, added op by op as each runs (not predicted). Counts what
 * E2R-FLOPs / Kaplan count, so it compares term by term with {@code FlopsEstimator}:
 * <ul>
 *   <li>every weight matmul: {@code 2 · rows · in · out} (one multiply and one add per weight per row);</li>
 *   <li>attention: {@code Q·Kᵀ} and {@code softmax(·)·V}, {@code 2 · T · T · headDim} each per head
 *       and sequence.</li>
 * </ul>
 * Not counted, as in the estimator: embedding lookups, LayerNorm, softmax, GELU, bias adds,
 * scaling, masking, residual adds and pooling (together well under 1% for bge-small).
 * Padding positions are counted: the engine multiplies them, so they are spent FLOPs.
 *
 * <p>One counter per request, confined to the thread running it.
 */
public final class FlopsCounter {

    private double matmulFlops;
    private double attentionFlops;
    private double paperAttentionFlops;
    private double unembeddingFlops;

    /** {@code [rows, in] · [in, out]}. */
    public void linear(long rows, long in, long out) {
        matmulFlops += 2.0 * rows * in * out;
    }

    /** Both attention products of one layer application over a {@code [batch, heads, seq, headDim]} batch. */
    public void attention(long batch, long heads, long seq, long headDim) {
        attention(batch, heads, heads, seq, seq, headDim);
    }

    /**
     * Both attention products of one layer application in which {@code queries} positions attend to
     * {@code keys} positions (a decoder's KV-cached step has one query and the whole cache as keys).
     * Every query head multiplies, so that is what is counted; grouped-query attention only shares K
     * and V. The paper's estimator instead scales this term by {@code kvHeads / heads} (E2R-FLOPs, grouped-query attention, eqs. 9-11),
     * kept alongside in {@link #paperAttentionFlops()} so the two compare term by term.
     */
    public void attention(long batch, long heads, long kvHeads, long queries, long keys, long headDim) {
        double flops = 2 * (2.0 * batch * heads * queries * keys * headDim);
        attentionFlops += flops;
        paperAttentionFlops += flops * kvHeads / heads;
    }

    /**
     * The LM head over {@code rows} positions: {@code 2 · rows · d · vocab}. Kept apart from
     * {@link #total()} because E2R-FLOPs leaves the unembedding out (E2R-FLOPs, notation).
     */
    public void unembedding(long rows, long dModel, long vocab) {
        unembeddingFlops += 2.0 * rows * dModel * vocab;
    }

    public double matmulFlops() {
        return matmulFlops;
    }

    public double attentionFlops() {
        return attentionFlops;
    }

    /** Attention FLOPs as E2R-FLOPs accounts them: scaled by {@code n_KV / n_Q} for GQA models. */
    public double paperAttentionFlops() {
        return paperAttentionFlops;
    }

    public double unembeddingFlops() {
        return unembeddingFlops;
    }

    /** Executed weight matmuls and attention products; the LM head excluded (see {@link #unembedding}). */
    public double total() {
        return matmulFlops + attentionFlops;
    }

    /** {@link #total()} with the attention term as the paper's estimator scales it: what it predicts. */
    public double paperTotal() {
        return matmulFlops + paperAttentionFlops;
    }
}
