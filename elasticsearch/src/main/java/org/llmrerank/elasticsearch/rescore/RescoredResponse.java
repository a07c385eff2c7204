package org.llmrerank.elasticsearch.rescore;

import org.apache.lucene.search.Explanation;
import org.elasticsearch.action.search.SearchResponse;
import org.elasticsearch.search.SearchHit;
import org.elasticsearch.search.SearchHits;
import org.llmrerank.elasticsearch.HitExplanations;
import org.llmrerank.rescorer.RerankOutcome;
import org.llmrerank.rescorer.pipeline.RerankResult;

/**
 * The response the user sees, built from the first stage's: the window in the rerank's order, then the hits past the
 * window in first-stage order, cut to the user's {@code from}/{@code size}. A judged hit's score is the model's; a hit
 * the model did not judge keeps its first-stage score. Every hit of the page appears exactly once. When the search asks
 * for {@code explain}, each hit of the window explains its score with {@link HitExplanations}.
 */
final class RescoredResponse {

    private RescoredResponse() {}

    /** Texts are read from the hits the first stage fetched; see {@link RescorePlan}. The caller keeps its own reference. */
    static SearchResponse build(SearchResponse firstStage, RescorePlan plan, RerankResult result, long extraTookMillis) {
        SearchHit[] hits = firstStage.getHits().getHits();
        RerankOutcome outcome = result.outcome(); // null when the hits keep first-stage order
        int window = outcome == null ? 0 : outcome.order().length;
        // the hits the rerank was handed: with explain, each says what the rerank made of it
        int explained = plan.explain() ? Math.min(hits.length, plan.clause().windowSize()) : 0;
        int end = (int) Math.min(hits.length, (long) plan.from() + plan.size());
        int start = Math.min(plan.from(), end);
        SearchHit[] page = new SearchHit[end - start];
        float maxScore = Float.NaN;
        for (int p = start; p < end; p++) {
            int pos = p < window ? outcome.order()[p] : p;
            SearchHit hit = hits[pos];
            if (pos < window && Float.isNaN(outcome.modelScores()[pos]) == false) {
                hit.score(outcome.modelScores()[pos]);
            }
            if (pos < explained) {
                // as Lucene's QueryRescorer explains: the rerank's part on top of the first stage's explanation
                Explanation first = hit.getExplanation();
                String why = HitExplanations.describe(plan.clause().options(), result, pos, hit.getScore());
                hit.explanation(first == null ? Explanation.match(hit.getScore(), why) : Explanation.match(hit.getScore(), why, first));
            }
            if (plan.textFieldAdded() && hit.field(plan.clause().field()) != null) {
                hit.removeDocumentField(plan.clause().field());
            }
            if (Float.isNaN(maxScore) || hit.getScore() > maxScore) {
                maxScore = hit.getScore();
            }
            hit.incRef(); // the new hits container releases its hits, the first stage's releases them too
            page[p - start] = hit;
        }
        SearchHits old = firstStage.getHits();
        SearchHits pageHits = new SearchHits(page, old.getTotalHits(), maxScore, old.getSortFields(), old.getCollapseField(),
            old.getCollapseValues());
        try {
            return new SearchResponse(pageHits, firstStage.getAggregations(), firstStage.getSuggest(), firstStage.isTimedOut(),
                firstStage.isTerminatedEarly(), firstStage.getSearchProfileResults(), firstStage.getNumReducePhases(),
                firstStage.getScrollId(), firstStage.getTotalShards(), firstStage.getSuccessfulShards(), firstStage.getSkippedShards(),
                firstStage.getTookInMillis() + extraTookMillis, firstStage.getShardFailures(), firstStage.getClusters());
        } finally {
            pageHits.decRef(); // the response holds its own reference now
        }
    }
}
