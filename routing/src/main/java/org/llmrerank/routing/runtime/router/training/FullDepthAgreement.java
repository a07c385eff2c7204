package org.llmrerank.routing.runtime.router.training;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.llmrerank.estimator.QueryRelevance;
import org.llmrerank.estimator.ScoredDoc;
import org.llmrerank.estimator.TrecMetrics;

/**
 * How well a ranking keeps full depth's top 10, without qrels: trec_eval's NDCG@10 with the full-depth order as the
 * graded judgments (the full-depth passage at rank r, 0-based, r < 10, has grade 10 - r; all others are unjudged).
 * 1.0 exactly when the top 10 is full depth's top 10 in full depth's order; a swap of neighbours near the bottom
 * costs little, losing the full-depth first passage costs most. The label-free reward of router training.
 */
public final class FullDepthAgreement {

    public static final int DEPTH = 10;

    private FullDepthAgreement() {}

    /** Candidates are indices; {@code fullOrder} and {@code ranking} list them best first. */
    public static double ndcg(List<Integer> fullOrder, List<Integer> ranking) {
        if (fullOrder.isEmpty()) {
            return 1.0; // nothing to keep
        }
        Map<String, Integer> grades = new HashMap<>();
        for (int r = 0; r < Math.min(DEPTH, fullOrder.size()); r++) {
            grades.put(id(fullOrder.get(r)), DEPTH - r);
        }
        // scored by position, so the evaluator keeps the ranking's order
        List<ScoredDoc> ranked = new ArrayList<>(ranking.size());
        for (int r = 0; r < ranking.size(); r++) {
            ranked.add(new ScoredDoc(id(ranking.get(r)), ranking.size() - r));
        }
        return TrecMetrics.ndcgCut(QueryRelevance.of(ranked, grades), DEPTH);
    }

    private static String id(int candidate) {
        return Integer.toString(candidate);
    }
}
