package org.llmrerank.rescorer.strategy;

/**
 * What one model judgement cost, reported by the model like {@link org.llmrerank.rescorer.PointwiseScores}.
 *
 * @param estimatedFlops FLOPs the E2R-FLOPs estimator predicts for the token counts actually fed
 * @param countedFlops   FLOPs the runtime counted while executing, or -1 when the engine cannot count
 * @param promptTokens   model-tokenizer prompt tokens, summed over the prompts of the judgement
 * @param outputTokens   generated (or teacher-forced) output tokens, summed likewise
 * @param prompts        prompts (forward passes or generate calls) the judgement took: 1 for a setwise
 *                       call, 2 for a pairwise comparison run in both orders
 */
public record CallCost(double estimatedFlops, double countedFlops, long promptTokens, long outputTokens, int prompts) {

    /** Nothing spent; counted as zero so that adding it keeps a sum counted. */
    public static final CallCost NONE = new CallCost(0, 0, 0, 0, 0);

    public CallCost {
        if (!(estimatedFlops >= 0) || Double.isInfinite(estimatedFlops)) {
            throw new IllegalArgumentException("estimatedFlops must be finite and >= 0, got " + estimatedFlops);
        }
        if (countedFlops != -1 && (!(countedFlops >= 0) || Double.isInfinite(countedFlops))) {
            throw new IllegalArgumentException("countedFlops must be finite and >= 0, or -1; got " + countedFlops);
        }
        if (promptTokens < 0 || outputTokens < 0 || prompts < 0) {
            throw new IllegalArgumentException("token and prompt counts must be >= 0");
        }
    }

    public boolean counted() {
        return countedFlops >= 0;
    }

    /** Sum of two costs; the counted FLOPs stay known only if both were counted. */
    public CallCost plus(CallCost o) {
        double counted = counted() && o.counted() ? countedFlops + o.countedFlops : -1;
        return new CallCost(estimatedFlops + o.estimatedFlops, counted, promptTokens + o.promptTokens,
                outputTokens + o.outputTokens, prompts + o.prompts);
    }
}
