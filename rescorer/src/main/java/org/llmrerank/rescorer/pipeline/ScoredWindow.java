package org.llmrerank.rescorer.pipeline;

import java.util.Objects;
import org.llmrerank.rescorer.LayerUsage;

/**
 * Pointwise scores of a window prefix as the scheduler produced them, with what the calls cost.
 *
 * @param scores         model score per window position, NaN where not judged (no text, or beyond the judged depth)
 * @param judgedDocs     passages scored
 * @param estimatedFlops the model's own estimate of what its calls ran, summed
 * @param countedFlops   FLOPs the runtime counted, summed; -1 when any call could not count
 * @param inputTokens    tokens fed to the model
 * @param modelNanos     wall time inside the model
 * @param layers         transformer layers executed / skipped / repeated over the calls
 * @param stoppedEarly   whether the program stopped before the end of the window (certaindex or the deadline)
 * @param placement      where and how it ran
 */
public record ScoredWindow(float[] scores, int judgedDocs, double estimatedFlops, double countedFlops, long inputTokens, long modelNanos,
                           LayerUsage layers, boolean stoppedEarly, Placement placement) {
    public ScoredWindow {
        Objects.requireNonNull(scores, "scores");
        Objects.requireNonNull(layers, "layers");
        Objects.requireNonNull(placement, "placement");
    }
}
