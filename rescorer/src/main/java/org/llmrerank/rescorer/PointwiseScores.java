package org.llmrerank.rescorer;

/**
 * Scores for one pointwise call plus what it cost.
 *
 * @param scores          one score per passage, in input order
 * @param estimatedFlops  FLOPs the E2R-FLOPs estimator predicts for the token counts of this call
 * @param countedFlops    FLOPs the runtime actually executed, or -1 when the engine cannot count
 *                        (ONNX Runtime executes an opaque graph)
 * @param inputTokens     model-tokenizer tokens fed to the model, query and passages together
 * @param layers          transformer layers executed / skipped / repeated over the call's sequences
 */
public record PointwiseScores(float[] scores, double estimatedFlops, double countedFlops, long inputTokens, LayerUsage layers) {
    public PointwiseScores {
        if (scores == null) {
            throw new IllegalArgumentException("scores must not be null");
        }
        if (layers == null) {
            throw new IllegalArgumentException("layers must not be null (LayerUsage.UNREPORTED when unknown)");
        }
    }

    /** Scores from a model that does not report its layer use. */
    public PointwiseScores(float[] scores, double estimatedFlops, double countedFlops, long inputTokens) {
        this(scores, estimatedFlops, countedFlops, inputTokens, LayerUsage.UNREPORTED);
    }

    public boolean flopsCounted() {
        return countedFlops >= 0;
    }
}
