package org.llmrerank.rescorer.strategy;

import java.util.Arrays;
import java.util.Comparator;
import java.util.stream.IntStream;

/**
 * A listwise model's ranking of one window (RankGPT listwise, as in the Setwise paper): either a permutation that the model generated
 * (listwise.generation, RankGPT), or a score per passage to sort by (listwise.likelihood: the setwise
 * prompt's label probabilities). Scores are sorted by the strategy, not by the model, so that equal
 * scores fall back to first-stage order, which only the strategy knows.
 */
public record ListwiseJudgement(int[] order, double[] scores, double certainty, CallCost cost) {

    public ListwiseJudgement {
        if ((order == null) == (scores == null)) {
            throw new IllegalArgumentException("a listwise judgement carries either an order or scores");
        }
        if (cost == null) {
            throw new IllegalArgumentException("a listwise judgement needs a cost");
        }
        if (!Double.isNaN(certainty) && !(certainty >= 0 && certainty <= 1)) {
            throw new IllegalArgumentException("certainty must be in [0, 1] or NaN (unknown), got " + certainty);
        }
        if (scores != null) {
            LabelDistribution.requireFinite(scores);
        }
        order = order == null ? null : order.clone();
        scores = scores == null ? null : scores.clone();
    }

    /** A generated permutation of window indices, most relevant first; certainty unknown. */
    public static ListwiseJudgement ofOrder(int[] order, CallCost cost) {
        return new ListwiseJudgement(order, null, Double.NaN, cost);
    }

    /** One score per window passage (higher = more relevant) and the distribution's certainty. */
    public static ListwiseJudgement ofScores(double[] scores, double certainty, CallCost cost) {
        return new ListwiseJudgement(null, scores, certainty, cost);
    }

    /**
     * The window's new order as indices into the window, most relevant first.
     *
     * @param firstStageRank first-stage position of each window passage, breaking score ties
     * @throws IllegalArgumentException when the judgement does not cover exactly this window
     */
    public int[] windowOrder(int[] firstStageRank) {
        int n = firstStageRank.length;
        if (scores != null) {
            if (scores.length != n) {
                throw new IllegalArgumentException("got " + scores.length + " scores for a window of " + n);
            }
            return IntStream.range(0, n).boxed()
                    .sorted(Comparator.<Integer>comparingDouble(i -> -scores[i]).thenComparingInt(i -> firstStageRank[i]))
                    .mapToInt(Integer::intValue).toArray();
        }
        if (order.length != n) {
            throw new IllegalArgumentException("got an order of " + order.length + " for a window of " + n);
        }
        boolean[] seen = new boolean[n];
        for (int i : order) {
            if (i < 0 || i >= n || seen[i]) {
                throw new IllegalArgumentException("not a permutation of the window: " + Arrays.toString(order));
            }
            seen[i] = true;
        }
        return order.clone();
    }

    @Override
    public int[] order() {
        return order == null ? null : order.clone();
    }

    @Override
    public double[] scores() {
        return scores == null ? null : scores.clone();
    }
}
