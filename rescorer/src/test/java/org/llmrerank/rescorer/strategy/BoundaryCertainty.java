package org.llmrerank.rescorer.strategy;

/**
 * EXTRAPOLATION (Dynasor's certaindex carried over to reranking: our extension, in neither the Dynasor nor the Setwise paper): how certain pointwise scores are
 * about the top-k boundary. Scores are min-max normalised over the window so one threshold serves
 * models whose score scales differ (cosine, P(yes), log-likelihood). The boundary t is the midpoint
 * between the k-th and (k+1)-th normalised scores; the uncertain band holds the passages within
 * {@code halfWidth} of t; the boundary is certain when the band is empty, i.e. when the normalised
 * margin is at least {@code 2·halfWidth}. The threshold is uncalibrated and must be calibrated per
 * model on labelled queries (certaindex carried over to reranking: our extension, not in the Dynasor paper).
 *
 * @param margin    normalised score margin ŝ_k − ŝ_(k+1) in [0, 1]
 * @param certainty {@code min(1, margin / (2·halfWidth))}; 1 exactly when certain
 * @param bandStart first rank position of the uncertain band (inclusive)
 * @param bandEnd   end of the band (exclusive); empty band = certain
 */
public record BoundaryCertainty(double margin, double certainty, int bandStart, int bandEnd) {

    public boolean certain() {
        return bandStart >= bandEnd;
    }

    /**
     * @param scoresInRankOrder scores sorted descending (rank order)
     * @param k                 the boundary: positions 0..k-1 are the top-k
     * @param halfWidth         band half-width on the normalised scale, in (0, 0.5]
     */
    public static BoundaryCertainty of(float[] scoresInRankOrder, int k, double halfWidth) {
        if (!(halfWidth > 0 && halfWidth <= 0.5)) {
            throw new IllegalArgumentException("band half-width must be in (0, 0.5], got " + halfWidth);
        }
        int m = scoresInRankOrder.length;
        if (k >= m) {
            // every passage is in the top-k: there is no boundary to be unsure about
            return new BoundaryCertainty(1, 1, m, m);
        }
        double hi = scoresInRankOrder[0];
        double lo = scoresInRankOrder[m - 1];
        for (int i = 1; i < m; i++) {
            if (scoresInRankOrder[i] > scoresInRankOrder[i - 1]) {
                throw new IllegalArgumentException("scores must be in rank order (descending)");
            }
        }
        double range = hi - lo;
        if (range == 0) {
            // all scores equal: the model separated nothing
            return new BoundaryCertainty(0, 0, 0, m);
        }
        double above = (scoresInRankOrder[k - 1] - lo) / range;
        double below = (scoresInRankOrder[k] - lo) / range;
        double margin = above - below;
        double t = (above + below) / 2;
        int start = 0;
        while (start < m && (scoresInRankOrder[start] - lo) / range >= t + halfWidth) {
            start++;
        }
        int end = start;
        while (end < m && (scoresInRankOrder[end] - lo) / range > t - halfWidth) {
            end++;
        }
        return new BoundaryCertainty(margin, Math.min(1, margin / (2 * halfWidth)), start, end);
    }
}
