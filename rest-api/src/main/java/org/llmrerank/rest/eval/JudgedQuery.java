package org.llmrerank.rest.eval;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One judged request of an evaluation: the metrics of the first stage and of the rerank against the qrels, and what the
 * rerank did.
 *
 * @param status        the rerank's status (reranked, fallback, skipped), "missing" when the response had no details
 * @param flopsCounted  null when the engine that ran the model cannot count
 */
public record JudgedQuery(String id, QueryMetrics firstStage, QueryMetrics reranked, String status, double flopsEstimated,
                          Double flopsCounted) {

    /** NDCG@k, MRR@k and MAP of one ranking (trec_eval conventions). */
    public record QueryMetrics(double ndcg, double mrr, double map) {

        Map<String, Object> toMap(int k) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("ndcg@" + k, ndcg);
            m.put("mrr@" + k, mrr);
            m.put("map", map);
            return m;
        }
    }

    Map<String, Object> toMap(int k) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", id);
        m.put("first_stage", firstStage.toMap(k));
        m.put("reranked", reranked.toMap(k));
        m.put("status", status);
        m.put("flops_estimated", flopsEstimated);
        m.put("flops_counted", flopsCounted);
        return m;
    }
}
