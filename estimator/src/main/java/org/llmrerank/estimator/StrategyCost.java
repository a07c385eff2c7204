package org.llmrerank.estimator;

/**
 * Predicted cost of reranking one query with one method on one model.
 *
 * @param calls               model calls to plan with (exact when {@code minCalls == maxCalls})
 * @param minCalls            fewest calls any model answers can lead to
 * @param maxCalls            most calls any model answers can lead to
 * @param promptTokensPerCall mean prompt tokens per call (a batched pairwise call sums its two prompts,
 *                            like the paper's "In")
 * @param outputTokensPerCall mean output tokens per call (summed over a pairwise call's two prompts)
 * @param flops               FLOPs per query at {@code calls}, as the paper counts them (no LM head)
 * @param maxFlops            FLOPs per query at {@code maxCalls} with every call at its largest prompt:
 *                            an upper bound for budget enforcement
 * @param unembeddingFlops    LM-head FLOPs per query at {@code calls}, reported apart (not in {@code flops})
 */
public record StrategyCost(
        RerankMethod method,
        String model,
        double calls,
        long minCalls,
        long maxCalls,
        double promptTokensPerCall,
        double outputTokensPerCall,
        double flops,
        double maxFlops,
        double unembeddingFlops) {

    public boolean exactCalls() {
        return minCalls == maxCalls;
    }

    public double pflops() {
        return flops / 1e15;
    }
}
