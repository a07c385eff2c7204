package org.llmrerank.rescorer.strategy;

/**
 * EXTRAPOLATION thresholds of {@link CertaintyCascadeExtrapolation} (certaindex carried over to reranking: our extension, not in the Dynasor paper). The defaults are
 * starting points, not calibrated values: like Dynasor's thresholds they must be fitted per model
 * and dataset on labelled queries so that NDCG@10 does not drop (Dynasor, thresholds and detection points; certaindex carried over to reranking: our extension, not in the Dynasor paper).
 *
 * @param scoreBandHalfWidth  half-width of the uncertain band around the top-k boundary, on min-max
 *                            normalised pointwise scores ({@link BoundaryCertainty})
 * @param judgementCertainty  a refinement stage is certain when its least certain judgement reaches
 *                            this ({@code 1 - H/log c} for setwise / listwise.likelihood, both-order
 *                            agreement for pairwise)
 */
public record CascadeThresholds(double scoreBandHalfWidth, double judgementCertainty) {

    public CascadeThresholds {
        if (!(scoreBandHalfWidth > 0 && scoreBandHalfWidth <= 0.5)) {
            throw new IllegalArgumentException("score band half-width must be in (0, 0.5], got " + scoreBandHalfWidth);
        }
        if (!(judgementCertainty >= 0 && judgementCertainty <= 1)) {
            throw new IllegalArgumentException("judgement certainty threshold must be in [0, 1], got " + judgementCertainty);
        }
    }

    /** Uncalibrated defaults: a band of ±5% of the score range; judgements at least half-way from uniform. */
    public static CascadeThresholds uncalibrated() {
        return new CascadeThresholds(0.05, 0.5);
    }
}
