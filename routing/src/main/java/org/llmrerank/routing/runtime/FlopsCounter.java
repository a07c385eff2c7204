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

    /** {@code [rows, in] · [in, out]}. */
    public void linear(long rows, long in, long out) {
        matmulFlops += 2.0 * rows * in * out;
    }

    /** Both attention products of one layer application over a {@code [batch, heads, seq, headDim]} batch. */
    public void attention(long batch, long heads, long seq, long headDim) {
        attentionFlops += 2 * (2.0 * batch * heads * seq * seq * headDim);
    }

    public double matmulFlops() {
        return matmulFlops;
    }

    public double attentionFlops() {
        return attentionFlops;
    }

    public double total() {
        return matmulFlops + attentionFlops;
    }
}
