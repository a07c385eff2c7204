package org.llmrerank.plugin;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.lucene.search.Explanation;
import org.llmrerank.rescorer.RerankOutcome;
import org.opensearch.action.search.SearchResponse;
import org.opensearch.action.search.SearchResponseSections;
import org.opensearch.common.xcontent.XContentFactory;
import org.opensearch.common.xcontent.support.XContentMapValues;
import org.opensearch.core.common.bytes.BytesReference;
import org.opensearch.search.SearchExtBuilder;
import org.opensearch.search.SearchHit;
import org.opensearch.search.SearchHits;
import org.opensearch.search.fetch.subphase.FetchSourceContext;
import org.opensearch.search.profile.SearchProfileShardResults;

/**
 * Builds the response the user sees from the first-stage response: the window reordered by the
 * outcome (or left in first-stage order on fallback), cut to the user's from/size, _source filtered
 * back to what the user asked for, explanations from the same outcome that ordered the hits, and the
 * {@link RerankResponseExt}. Every first-stage hit of the page appears exactly once.
 */
final class SearchResponseReranker {

    private SearchResponseReranker() {}

    /** Texts of the window's hits in first-stage order; null where the hit has no text. */
    static List<String> windowTexts(SearchResponse firstStage, ResolvedRerank r) {
        SearchHit[] hits = firstStage.getHits().getHits();
        int n = Math.min(hits.length, r.windowSize());
        List<String> texts = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            String t = textOf(hits[i], r.field());
            texts.add(t != null && t.length() > r.maxPassageChars() ? t.substring(0, r.maxPassageChars()) : t);
        }
        return texts;
    }

    static String textOf(SearchHit hit, String field) {
        Map<String, Object> source = hit.getSourceAsMap();
        if (source == null) {
            return null;
        }
        Object v = XContentMapValues.extractValue(field, source);
        if (v instanceof List<?> list) {
            StringBuilder sb = new StringBuilder();
            for (Object o : list) {
                if (o != null) {
                    sb.append(sb.isEmpty() ? "" : " ").append(o);
                }
            }
            return sb.toString();
        }
        return v == null ? null : v.toString();
    }

    /**
     * @param outcome null when the query falls back to first-stage order
     */
    static SearchResponse build(SearchResponse firstStage, ResolvedRerank r, RerankOutcome outcome, Map<String, Object> extDetails, long extraTookMillis) {
        SearchHit[] hits = firstStage.getHits().getHits();
        int window = Math.min(hits.length, r.windowSize());
        int[] order = new int[hits.length];
        for (int i = 0; i < hits.length; i++) {
            order[i] = i;
        }
        if (outcome != null) {
            System.arraycopy(outcome.order(), 0, order, 0, window);
        }
        int end = Math.min(hits.length, r.from() + r.size());
        int start = Math.min(r.from(), end);
        SearchHit[] page = new SearchHit[end - start];
        float maxScore = Float.NaN;
        for (int p = start; p < end; p++) {
            int pos = order[p];
            SearchHit hit = hits[pos];
            float firstStageScore = hit.getScore();
            boolean judged = outcome != null && pos < window && Float.isNaN(outcome.modelScores()[pos]) == false;
            if (judged) {
                hit.score(outcome.modelScores()[pos]);
            }
            if (r.explain()) {
                hit.explanation(explain(r, outcome, pos, p, firstStageScore, hit.getExplanation(), judged, (String) extDetails.get("status")));
            }
            if (r.sourceFilterChanged()) {
                restoreUserSource(hit, r.userSource());
            }
            if (Float.isNaN(maxScore) || hit.getScore() > maxScore) {
                maxScore = hit.getScore();
            }
            page[p - start] = hit;
        }
        SearchHits old = firstStage.getHits();
        SearchHits newHits = new SearchHits(page, old.getTotalHits(), maxScore, old.getSortFields(), old.getCollapseField(), old.getCollapseValues());
        SearchResponseSections in = firstStage.getInternalResponse();
        List<SearchExtBuilder> ext = new ArrayList<>(in.getSearchExtBuilders());
        ext.add(new RerankResponseExt(extDetails));
        SearchProfileShardResults profile = in.profile().isEmpty() ? null : new SearchProfileShardResults(in.profile());
        SearchResponseSections sections = new SearchResponseSections(newHits, in.aggregations(), in.suggest(), in.timedOut(), in.terminatedEarly(),
            profile, in.getNumReducePhases(), ext, in.getProcessorResult());
        return new SearchResponse(sections, firstStage.getScrollId(), firstStage.getTotalShards(), firstStage.getSuccessfulShards(),
            firstStage.getSkippedShards(), firstStage.getTook().millis() + extraTookMillis, firstStage.getPhaseTook(),
            firstStage.getShardFailures(), firstStage.getClusters(), firstStage.pointInTimeId());
    }

    /** Built from the same outcome that ordered the hits, so explain can never disagree with the ranking. */
    private static Explanation explain(ResolvedRerank r, RerankOutcome outcome, int firstStagePos, int finalPos, float firstStageScore,
                                       Explanation firstStageExpl, boolean judged, String status) {
        Explanation firstStage = firstStageExpl != null
            ? Explanation.match(firstStageScore, "first-stage score, rank [" + (firstStagePos + 1) + "]", firstStageExpl)
            : Explanation.match(firstStageScore, "first-stage score, rank [" + (firstStagePos + 1) + "]");
        if (judged) {
            float s = outcome.modelScores()[firstStagePos];
            return Explanation.match(s, String.format(Locale.ROOT, "llm_rerank: model [%s], strategy [%s], rank [%d] (was [%d])",
                r.model(), outcome.strategy(), finalPos + 1, firstStagePos + 1),
                Explanation.match(s, "model score (" + describe(outcome) + ")"), firstStage);
        }
        String why = outcome == null ? "kept first-stage order: " + status
            : firstStagePos >= r.windowSize() ? "outside the rescore window [" + r.windowSize() + "]" : "no text in [" + r.field() + "], placed after the judged hits";
        return Explanation.match(firstStageScore, "llm_rerank: not judged by the model (" + why + "), rank [" + (finalPos + 1) + "]", firstStage);
    }

    private static String describe(RerankOutcome outcome) {
        if (outcome.report() != null && outcome.report().rankScores()) {
            return "rank-derived: " + outcome.strategy().clauseName() + " orders passages without scoring them; higher ranks higher";
        }
        return switch (outcome.strategy()) {
            case POINTWISE_EMBEDDING -> "cosine similarity of query and passage embeddings";
            default -> outcome.strategy().clauseName() + " score";
        };
    }

    /** The first stage fetched the text field; give the user exactly the _source they asked for. */
    private static void restoreUserSource(SearchHit hit, FetchSourceContext user) {
        if (user == null || hit.getSourceRef() == null) {
            return;
        }
        if (user.fetchSource() == false) {
            hit.sourceRef(null);
            return;
        }
        Map<String, Object> filtered = XContentMapValues.filter(hit.getSourceAsMap(), user.includes(), user.excludes());
        try {
            hit.sourceRef(BytesReference.bytes(XContentFactory.jsonBuilder().map(filtered)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
