package org.llmrerank.rescorer.strategy;

/**
 * Arithmetic over the scores a model gives the labels of one prompt (A, B, C, ... or one passage per
 * label): renormalisation, winner with a deterministic tie-break, and a certainty in [0, 1].
 */
public final class LabelDistribution {

    private LabelDistribution() {}

    /** Softmax over the label logits only (certaindex carried over to reranking: our extension, not in the Dynasor paper: {@code p_j = softmax(z_label_j)}). */
    public static double[] softmax(double[] logits) {
        requireFinite(logits);
        double max = Double.NEGATIVE_INFINITY;
        for (double z : logits) {
            max = Math.max(max, z);
        }
        double[] p = new double[logits.length];
        double sum = 0;
        for (int i = 0; i < logits.length; i++) {
            p[i] = Math.exp(logits[i] - max);
            sum += p[i];
        }
        for (int i = 0; i < p.length; i++) {
            p[i] /= sum;
        }
        return p;
    }

    /**
     * Probabilities renormalised to sum to one. Setwise likelihood reads label probabilities out of a
     * full-vocabulary softmax (Setwise paper, setwise prompt), so they do not sum to one; the argmax is unaffected, the
     * entropy is not.
     */
    public static double[] normalise(double[] likelihoods) {
        requireFinite(likelihoods);
        double sum = 0;
        for (double v : likelihoods) {
            if (v < 0) {
                throw new IllegalArgumentException("label likelihoods must be >= 0, got " + v);
            }
            sum += v;
        }
        double[] p = new double[likelihoods.length];
        for (int i = 0; i < p.length; i++) {
            // all-zero likelihoods carry no preference: uniform
            p[i] = sum == 0 ? 1.0 / p.length : likelihoods[i] / sum;
        }
        return p;
    }

    /**
     * Certainty {@code 1 - H(p)/log c} (certaindex carried over to reranking: our extension, not in the Dynasor paper, the normalisation of Dynasor's H̃): 1 when one label
     * has all the mass, 0 when the distribution is uniform. A single label is certain.
     */
    public static double certainty(double[] likelihoods) {
        if (likelihoods.length <= 1) {
            return 1;
        }
        double[] p = normalise(likelihoods);
        double h = 0;
        for (double v : p) {
            if (v > 0) {
                h -= v * Math.log(v);
            }
        }
        return Math.max(0, Math.min(1, 1 - h / Math.log(p.length)));
    }

    /**
     * Index of the highest score; among equal scores the one whose {@code tieRank} is smallest wins
     * (callers pass first-stage positions, so ties go to the first-stage order).
     */
    public static int argmax(double[] scores, int[] tieRank) {
        if (scores.length == 0 || scores.length != tieRank.length) {
            throw new IllegalArgumentException("need one tie rank per score, got " + scores.length + " scores and "
                    + tieRank.length + " ranks");
        }
        int best = 0;
        for (int i = 1; i < scores.length; i++) {
            if (scores[i] > scores[best] || (scores[i] == scores[best] && tieRank[i] < tieRank[best])) {
                best = i;
            }
        }
        return best;
    }

    static void requireFinite(double[] v) {
        for (double x : v) {
            if (!Double.isFinite(x)) {
                throw new IllegalArgumentException("label scores must be finite, got " + x);
            }
        }
    }
}
