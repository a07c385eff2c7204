package org.llmrerank.routing.runtime.router.training;

import org.llmrerank.estimator.QueryCandidates;

/** A first-stage retriever for queries that come without a ranked list (BM25 over a passage pool, say). */
@FunctionalInterface
public interface FirstStage {

    /** The top {@code k} candidates for {@code query}, best first, with their texts. */
    QueryCandidates search(String qid, String query, int k);
}
