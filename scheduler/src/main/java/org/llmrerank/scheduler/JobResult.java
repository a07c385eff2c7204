package org.llmrerank.scheduler;

import org.llmrerank.rescorer.LayerUsage;

/**
 * What a rerank program produced.
 *
 * @param scores         model score per window position, NaN where not judged (no text, or beyond the judged depth)
 * @param order          window positions in their new order: judged by score descending (ties in first-stage order),
 *                       then the unjudged in first-stage order; a permutation of 0..n-1
 * @param model          the model that judged (null when nothing was judged)
 * @param judgedDepth    window prefix the model covered
 * @param judgedDocs     passages actually scored (prefix passages with text)
 * @param outcome        why the program stopped
 * @param estimatedFlops sum of the models' estimated FLOPs for what ran
 * @param inputTokens    tokens fed to the models
 * @param modelNanos     wall time inside the models
 * @param queueNanos     wait before the program started
 * @param error          set when the model failed (outcome FAILED)
 * @param countedFlops   FLOPs the runtime counted over the calls; -1 when a call could not count
 * @param layers         transformer layers executed / skipped / repeated over the calls
 */
public record JobResult(float[] scores, int[] order, String model, int judgedDepth, int judgedDocs, Outcome outcome,
                        double estimatedFlops, long inputTokens, long modelNanos, long queueNanos, String error, double countedFlops,
                        LayerUsage layers) {

    /** A result whose calls counted nothing (nothing ran, or it failed). */
    public JobResult(float[] scores, int[] order, String model, int judgedDepth, int judgedDocs, Outcome outcome, double estimatedFlops,
                     long inputTokens, long modelNanos, long queueNanos, String error) {
        this(scores, order, model, judgedDepth, judgedDocs, outcome, estimatedFlops, inputTokens, modelNanos, queueNanos, error, -1,
            LayerUsage.UNREPORTED);
    }

    public enum Outcome {
        /** the whole window judged with the requested model */
        COMPLETE,
        /** certaindex: the top-k was stable, the rest of the window was not judged (not a degradation) */
        STOPPED_CERTAIN,
        /** the deadline cut the depth short */
        DEGRADED_DEPTH,
        /** the requested model could not make the deadline: the cheaper model judged */
        DEGRADED_MODEL,
        /** nothing could make the deadline: first-stage order */
        DEGRADED_FIRST_STAGE,
        /** the deadline passed before the program started (FIFO): first-stage order */
        EXPIRED,
        /** the model failed or was cancelled: first-stage order */
        FAILED;

        public boolean reranked() {
            return this == COMPLETE || this == STOPPED_CERTAIN || this == DEGRADED_DEPTH || this == DEGRADED_MODEL;
        }

        public boolean degraded() {
            return this == DEGRADED_DEPTH || this == DEGRADED_MODEL || this == DEGRADED_FIRST_STAGE;
        }
    }
}
