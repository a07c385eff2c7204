package org.llmrerank.rescorer;

/**
 * Scores for one pointwise call plus what it cost.
 *
 * @param scores          one score per passage, in input order
 * @param estimatedFlops  FLOPs the E2R-FLOPs estimator predicts for the token counts of this call
 * @param countedFlops    FLOPs the runtime actually executed, or -1 when the engine cannot count
 *                        (ONNX Runtime executes an opaque graph)
 * @param inputTokens     model-tokenizer tokens fed to the model, query and passages together
 */
public record PointwiseScores(float[] scores, double estimatedFlops, double countedFlops, long inputTokens) {
    public PointwiseScores {
        if (scores == null) {
            throw new IllegalArgumentException("scores must not be null");
        }
    }

    public boolean flopsCounted() {
        return countedFlops >= 0;
    }
}
