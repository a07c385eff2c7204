package org.llmrerank.cli;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * How well a ranking keeps full depth's top 10, without qrels: NDCG@10 with the full-depth order as the graded
 * judgments (the full-depth passage at rank r, 0-based, r < 10, has gain 10 - r; all others 0). 1.0 exactly when the
 * top 10 is full depth's top 10 in full depth's order; a swap of neighbours near the bottom costs little, losing the
 * full-depth first passage costs most. The label-free reward of {@code train-routers --reward agreement}.
 */
final class FullDepthAgreement {

    static final int DEPTH = 10;

    private FullDepthAgreement() {}

    /** Candidates are indices; {@code fullOrder} and {@code ranking} list them best first. */
    static double ndcg(List<Integer> fullOrder, List<Integer> ranking) {
        Map<Integer, Integer> gain = new HashMap<>();
        double ideal = 0;
        for (int r = 0; r < Math.min(DEPTH, fullOrder.size()); r++) {
            gain.put(fullOrder.get(r), DEPTH - r);
            ideal += (DEPTH - r) / log2(r + 2);
        }
        if (ideal == 0) {
            return 1.0; // nothing to keep
        }
        double dcg = 0;
        for (int r = 0; r < Math.min(DEPTH, ranking.size()); r++) {
            dcg += gain.getOrDefault(ranking.get(r), 0) / log2(r + 2);
        }
        return dcg / ideal;
    }

    private static double log2(double x) {
        return Math.log(x) / Math.log(2);
    }
}
