package org.llmrerank.scheduler;

import java.util.Arrays;

/** Positions by score descending; ties and unjudged (NaN, last) in first-stage order: the rule of PointwiseWindowReranker. */
final class WindowOrder {

    private WindowOrder() {}

    static int[] of(float[] scores) {
        Integer[] idx = new Integer[scores.length];
        for (int i = 0; i < idx.length; i++) {
            idx[i] = i;
        }
        Arrays.sort(idx, (a, b) -> {
            boolean na = Float.isNaN(scores[a]);
            boolean nb = Float.isNaN(scores[b]);
            if (na != nb) {
                return na ? 1 : -1;
            }
            if (na == false) {
                int c = Float.compare(scores[b], scores[a]);
                if (c != 0) {
                    return c;
                }
            }
            return Integer.compare(a, b);
        });
        return Arrays.stream(idx).mapToInt(Integer::intValue).toArray();
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
