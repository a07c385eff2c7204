package org.llmrerank.estimator;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A retrieval run: per query, the retrieved documents with scores. Order inside a query's list is
 * irrelevant to evaluation: like trec_eval, {@link TrecEvalOrder} re-sorts by score.
 */
public final class Run {

    private final Map<String, List<ScoredDoc>> results;

    public Run(Map<String, List<ScoredDoc>> results) {
        Map<String, List<ScoredDoc>> copy = new LinkedHashMap<>();
        results.forEach((q, docs) -> copy.put(q, List.copyOf(docs)));
        this.results = Collections.unmodifiableMap(copy);
    }

    public List<ScoredDoc> of(String qid) {
        return results.getOrDefault(qid, List.of());
    }

    /** Query ids in the order the run listed them. */
    public Set<String> queryIds() {
        return results.keySet();
    }

    public int size() {
        return results.size();
    }
}
