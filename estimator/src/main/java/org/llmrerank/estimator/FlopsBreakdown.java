package org.llmrerank.estimator;

/**
 * FLOPs of one model call split the way the E2R-FLOPs paper splits them (E2R-FLOPs, decoder eqs. 3-7; E2R-FLOPs, encoder-decoder eqs. 12-15).
 *
 * @param prompt      prefill of the prompt (for encoder-decoder: the encoder)
 * @param crossKv     encoder-decoder only: K/V projection of the encoder output for cross-attention
 * @param output      generation of the output tokens with a KV cache
 * @param unembedding LM-head FLOPs ({@code 2 * d_model * vocab} per position whose logits are read);
 *                    the paper does not count it, so it is kept out of {@link #total()}
 */
public record FlopsBreakdown(double prompt, double crossKv, double output, double unembedding) {

    /** What the paper counts: prompt + cross K/V + output, no (un)embedding. */
    public double total() {
        return prompt + crossKv + output;
    }

    public double totalWithUnembedding() {
        return total() + unembedding;
    }

    public FlopsBreakdown times(double calls) {
        return new FlopsBreakdown(prompt * calls, crossKv * calls, output * calls, unembedding * calls);
    }
}
