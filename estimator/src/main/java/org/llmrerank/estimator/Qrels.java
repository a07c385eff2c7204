package org.llmrerank.estimator;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/** Graded relevance judgments: query id -> (doc id -> grade). Grades are trec_eval's small integers. */
public final class Qrels {

    private final Map<String, Map<String, Integer>> judgments;

    public Qrels(Map<String, Map<String, Integer>> judgments) {
        Map<String, Map<String, Integer>> copy = new LinkedHashMap<>();
        judgments.forEach((q, docs) -> copy.put(q, Collections.unmodifiableMap(new LinkedHashMap<>(docs))));
        this.judgments = Collections.unmodifiableMap(copy);
    }

    /** Judgments of one query; empty when the query is not judged. */
    public Map<String, Integer> of(String qid) {
        return judgments.getOrDefault(qid, Map.of());
    }

    public boolean judged(String qid) {
        return judgments.containsKey(qid);
    }

    /** Query ids in file order. */
    public Set<String> queryIds() {
        return judgments.keySet();
    }
}
