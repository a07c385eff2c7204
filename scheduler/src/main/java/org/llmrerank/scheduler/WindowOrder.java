package org.llmrerank.scheduler;

import java.util.Arrays;
import org.llmrerank.rescorer.PointwiseWindowReranker;

/** Positions by score descending; ties and unjudged (NaN, last) in first-stage order: the rule of PointwiseWindowReranker. */
final class WindowOrder {

    private WindowOrder() {}

    static int[] of(float[] scores) {
        return PointwiseWindowReranker.order(scores);
    }

    /** The top-k positions among those judged, as a sorted set of positions. */
    static int[] topKSet(float[] scores, int k) {
        int[] order = of(scores);
        int judged = 0;
        for (float s : scores) {
            if (Float.isNaN(s) == false) {
                judged++;
            }
        }
        int[] top = Arrays.copyOf(order, Math.min(k, judged));
        Arrays.sort(top);
        return top;
    }
}
