package org.llmrerank.integ;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The main job's engine routes: the requests they build, fallbacks read off the hits, the job's own FLOPs estimate. */
class MainJobRouteTest {

    private static final Dl19.Query QUERY = new Dl19.Query("19335", "anthropological definition of environment",
        List.of(new Dl19.Hit("7", 21.5, "Environment is what surrounds."), new Dl19.Hit("8", 20.0, "A definition.")));

    @Test
    @SuppressWarnings("unchecked")
    void theRetrieverReranksTheReplayedFirstStageOverTheWholeWindow() {
        Map<String, Object> body = new ElasticsearchRoute(ElasticsearchRoute.Surface.RETRIEVER).rerankSearch(QUERY, "bge-small");
        Map<String, Object> rerank = (Map<String, Object>) ((Map<String, Object>) body.get("retriever")).get("llm_rerank");
        assertEquals(Map.of("standard", Map.of("query", Dl19Index.firstStageQuery("19335"))), rerank.get("retriever"));
        assertEquals(Dl19Runner.WINDOW, rerank.get("rank_window_size"));
        assertEquals("anthropological definition of environment", rerank.get("query_text"));
        assertEquals("bge-small", rerank.get("model"));
        assertEquals(10, body.get("size"));
    }

    @Test
    void theRescoreSurfaceSendsWhatOpenSearchTakes() {
        assertEquals(new OpenSearchRoute().rerankSearch(QUERY, "bge-small"),
            new ElasticsearchRoute(ElasticsearchRoute.Surface.RESCORE).rerankSearch(QUERY, "bge-small"));
        assertThrows(IllegalArgumentException.class, () -> MainJob.route("elasticsearch", "rerank"));
        assertThrows(IllegalArgumentException.class, () -> MainJob.route("solr", null));
    }

    @Test
    void aRetrieverFallbackIsTheFirstStageOrderWithRankDerivedScores() {
        ElasticsearchRoute route = new ElasticsearchRoute(ElasticsearchRoute.Surface.RETRIEVER);
        RestJson.Reply first = page(List.of("a", "b", "c"), List.of(21.5, 20.0, 19.0));
        assertTrue(route.keptFirstStage(page(List.of("a", "b", "c"), List.of(100.0, 99.0, 98.0)), first));
        // the model's scores, even in the first stage's order
        assertFalse(route.keptFirstStage(page(List.of("a", "b", "c"), List.of(0.91, 0.83, 0.80)), first));
        // rank-derived scores of a reordered window
        assertFalse(route.keptFirstStage(page(List.of("b", "a", "c"), List.of(100.0, 99.0, 98.0)), first));
    }

    @Test
    void aRescoreFallbackKeepsTheFirstStageScores() {
        ElasticsearchRoute route = new ElasticsearchRoute(ElasticsearchRoute.Surface.RESCORE);
        RestJson.Reply first = page(List.of("a", "b"), List.of(21.5, 20.0));
        assertTrue(route.keptFirstStage(page(List.of("a", "b"), List.of(21.5, 20.0)), first));
        assertFalse(route.keptFirstStage(page(List.of("a", "b"), List.of(0.9, 0.8)), first));
    }

    @Test
    void theJobEstimatesBundledBiEncodersOnly() throws Exception {
        TokenCountFlops bge = TokenCountFlops.forModel("bge-small").orElseThrow();
        TokenCountFlops miniLm = TokenCountFlops.forModel("all-minilm-l6-v2").orElseThrow();
        List<String> passages = QUERY.hits().stream().map(Dl19.Hit::text).toList();
        double one = bge.estimate(QUERY.text(), passages.subList(0, 1));
        double two = bge.estimate(QUERY.text(), passages);
        assertTrue(one > 0 && two > one, one + " then " + two);
        // 12 layers against 6 of the same width, and bge's query instruction
        assertTrue(bge.estimate(QUERY.text(), passages) > 2 * miniLm.estimate(QUERY.text(), passages));
        assertTrue(TokenCountFlops.forModel("bge-small-routed").isPresent());
        assertTrue(TokenCountFlops.forModel("my-registered-model").isEmpty());
    }

    private static RestJson.Reply page(List<String> ids, List<Double> scores) {
        List<Map<String, Object>> hits = new ArrayList<>();
        for (int i = 0; i < ids.size(); i++) {
            Map<String, Object> h = new LinkedHashMap<>();
            h.put("_id", ids.get(i));
            h.put("_score", scores.get(i));
            hits.add(h);
        }
        return new RestJson.Reply(200, Map.of("hits", Map.of("hits", hits)));
    }
}
