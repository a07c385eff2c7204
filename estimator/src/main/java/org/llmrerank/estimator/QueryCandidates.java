package org.llmrerank.estimator;

import java.util.List;

/**
 * A query with its first-stage candidates in first-stage order, passage text included, as the
 * rank_llm JSON format carries them.
 */
public record QueryCandidates(String qid, String query, List<Candidate> candidates) {

    /** One first-stage hit. */
    public record Candidate(String docid, double score, String content) {}

    public QueryCandidates {
        candidates = List.copyOf(candidates);
    }
}
