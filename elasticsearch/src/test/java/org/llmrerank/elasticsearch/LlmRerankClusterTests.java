package org.llmrerank.elasticsearch;

import static org.llmrerank.elasticsearch.HttpSearches.hits;
import static org.llmrerank.elasticsearch.HttpSearches.ids;
import static org.llmrerank.elasticsearch.HttpSearches.text;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.elasticsearch.client.Request;
import org.elasticsearch.plugins.Plugin;
import org.elasticsearch.test.ESIntegTestCase;
import org.elasticsearch.transport.netty4.Netty4Plugin;
import org.junit.Before;
import org.llmrerank.rest.clause.RerankClause;

/**
 * Two data nodes, an index of two shards, real HTTP: the {@code llm_rerank} retriever and rescore clause each rerank the
 * merged global first-stage window on the coordinating node. {@link RecordingReranker} shows what the reranker is handed
 * and gives an order the test can predict; one test runs the real bundled bge-small.
 */
@ESIntegTestCase.ClusterScope(scope = ESIntegTestCase.Scope.SUITE, numDataNodes = 2, numClientNodes = 0, supportsDedicatedMasters = false)
public class LlmRerankClusterTests extends ESIntegTestCase {

    private static final String QUERY = FleaDocs.QUERY;
    private static final String[] TEXTS = FleaDocs.TEXTS;

    @Override
    protected Collection<Class<? extends Plugin>> nodePlugins() {
        return List.of(TestRerankPlugin.class, Netty4Plugin.class);
    }

    @Override
    protected boolean addMockHttpTransport() {
        return false; // real Netty HTTP: requests are parsed on the node that receives them, as on a real cluster
    }

    @Before
    public void indexDocs() throws IOException {
        RecordingReranker.CALLS.clear();
        FleaDocs.indexOnce(this);
    }

    public void testRetrieverReranksTheGlobalWindowInFirstStageOrder() throws IOException {
        List<Map<String, Object>> firstStage = hits(search("{\"query\": {\"match\": {\"text\": \"" + QUERY + "\"}}, \"size\": 5}"));
        assertEquals(5, firstStage.size());

        List<Map<String, Object>> reranked = hits(search(String.format(Locale.ROOT, """
            {"retriever": {"llm_rerank": {"retriever": {"standard": {"query": {"match": {"text": "%s"}}}},
              "field": "text", "model": "%s", "rank_window_size": 5}}}""", QUERY, RecordingReranker.BY_LENGTH)));

        RecordingReranker.Call call = singleCall();
        assertEquals(QUERY, call.queryText());
        // the merged global top 5 of both shards, in first-stage order, each with its text and first-stage score
        assertEquals(5, call.hits().size());
        for (int i = 0; i < 5; i++) {
            assertEquals(text(firstStage.get(i)), call.hits().get(i).text());
            assertEquals(((Number) firstStage.get(i).get("_score")).floatValue(), call.hits().get(i).firstStageScore(), 1e-5f);
        }
        assertEquals(byLength(firstStage), ids(reranked));
        for (Map<String, Object> hit : reranked) {
            assertEquals(TEXTS[Integer.parseInt((String) hit.get("_id")) - 1].length(), ((Number) hit.get("_score")).floatValue(), 0f);
        }
    }

    public void testRescoreClauseReranksTheMergedWindowAndPages() throws IOException {
        List<Map<String, Object>> firstStage = hits(search("{\"query\": {\"match\": {\"text\": \"" + QUERY + "\"}}, \"size\": 8}"));

        List<Map<String, Object>> page = hits(search(String.format(Locale.ROOT, """
            {"query": {"match": {"text": "%s"}}, "from": 1, "size": 6,
             "rescore": {"window_size": 4, "llm_rerank": {"field": "text", "model": "%s"}}}""", QUERY, RecordingReranker.BY_LENGTH)));

        RecordingReranker.Call call = singleCall();
        assertEquals(4, call.hits().size());
        for (int i = 0; i < 4; i++) {
            assertEquals(text(firstStage.get(i)), call.hits().get(i).text());
        }
        List<String> expected = new ArrayList<>(byLength(firstStage.subList(0, 4)));
        // past the window: first-stage order and scores
        for (int i = 4; i < 7; i++) {
            expected.add((String) firstStage.get(i).get("_id"));
        }
        assertEquals(expected.subList(1, 7), ids(page));
        assertEquals(firstStage.get(4).get("_score"), page.get(3).get("_score"));
        assertNull("the text field was fetched for the model, not for the user", page.get(0).get("fields"));
    }

    public void testHitWithoutTextFollowsTheJudgedHits() throws IOException {
        List<Map<String, Object>> reranked = hits(search(String.format(Locale.ROOT, """
            {"retriever": {"llm_rerank": {"retriever": {"standard": {"query": {"match_all": {}}}},
              "field": "text", "model": "%s", "query_text": "flea", "rank_window_size": 20}}}""", RecordingReranker.BY_LENGTH)));
        assertEquals(9, reranked.size());
        assertEquals("9", reranked.get(8).get("_id"));
        // unjudged hits in the window: rank-derived scores, window size down to 1, so the order is exactly the rerank's
        assertEquals(1.0, ((Number) reranked.get(8).get("_score")).doubleValue(), 0);
        assertEquals(9.0, ((Number) reranked.get(0).get("_score")).doubleValue(), 0);
    }

    public void testBadClausesAre400sNamingEachField() throws IOException {
        String retriever = error("""
            {"retriever": {"llm_rerank": {"retriever": {"standard": {"query": {"match_all": {}}}}, "field": "price", "model": "nope"}}}""");
        assertTrue(retriever, retriever.contains("[llm_rerank.model] unknown model [nope]"));
        assertTrue(retriever, retriever.contains("[llm_rerank.field] [price] in index [docs] is of type [float]"));
        assertTrue(retriever, retriever.contains("[llm_rerank.query_text] is required"));

        String rescore = error("""
            {"query": {"match": {"text": "flea"}}, "sort": [{"price": "asc"}],
             "rescore": {"window_size": 5000, "llm_rerank": {"field": "nofield", "model": "bge-small"}}}""");
        assertTrue(rescore, rescore.contains("[sort] cannot be combined with [rescore]"));
        assertTrue(rescore, rescore.contains("[rescore.window_size] [5000] is above the cluster limit [plugins.llm_rerank.max_window_size=1000]"));
        assertTrue(rescore, rescore.contains("[llm_rerank.field] no field [nofield] in the mapping of index [docs]"));

        String syntax = error("""
            {"retriever": {"llm_rerank": {"retriever": {"standard": {"query": {"match_all": {}}}},
              "strategy": "nope", "top_k": 0, "timeout": "soon", "flops_budget": "lots"}}}""");
        for (String field : List.of("[strategy]", "[top_k]", "[timeout]", "[flops_budget]")) {
            assertTrue(syntax, syntax.contains(field));
        }
        assertTrue(error("""
            {"query": {"match_all": {}}, "rescore": {"llm_rerank": {"top_k": 3.7}}}""").contains("[top_k] must be an integer, got [3.7]"));
        assertTrue(error("""
            {"retriever": {"llm_rerank": {"retriever": {"standard": {}}, "colour": "red"}}}""").contains("unknown field [colour]"));
    }

    public void testClauseDefaultsComeFromTheIndexSettings() throws IOException {
        Request put = new Request("PUT", "/docs/_settings");
        put.setJsonEntity("{\"index.llm_rerank.model\": \"" + RecordingReranker.BY_LENGTH + "\", \"index.llm_rerank.field\": \"text\", "
            + "\"index.llm_rerank.strategy\": \"pointwise\"}");
        getRestClient().performRequest(put);
        try {
            search("{\"retriever\": {\"llm_rerank\": {\"retriever\": {\"standard\": {\"query\": {\"match\": {\"text\": \"flea\"}}}}}}}");
            RecordingReranker.Call call = singleCall();
            assertEquals(RecordingReranker.BY_LENGTH, call.options().model());
            assertEquals(org.llmrerank.rescorer.Strategy.POINTWISE, call.options().requestedStrategy());
            assertEquals(org.llmrerank.rescorer.Strategy.POINTWISE_EMBEDDING, call.options().strategy());
            assertEquals(List.of("docs"), call.options().indices());
            assertEquals(RerankClause.DEFAULT_TOP_K, call.options().topK());
        } finally {
            Request reset = new Request("PUT", "/docs/_settings");
            reset.setJsonEntity("{\"index.llm_rerank.model\": null, \"index.llm_rerank.field\": null, \"index.llm_rerank.strategy\": null}");
            getRestClient().performRequest(reset);
        }
        String refused = error("PUT", "/docs/_settings", "{\"index.llm_rerank.strategy\": \"sideways\"}");
        assertTrue(refused, refused.contains("unknown strategy [sideways] for [index.llm_rerank.strategy]"));
    }

    public void testRealBundledModelReranks() throws IOException {
        // BM25 puts the flea-market and flea-circus passages above the one describing the flea's four stages
        List<String> firstStage = ids(hits(search("{\"query\": {\"match\": {\"text\": \"" + QUERY + "\"}}, \"size\": 8}")));
        List<String> reranked = ids(hits(search(String.format(Locale.ROOT, """
            {"retriever": {"llm_rerank": {"retriever": {"standard": {"query": {"match": {"text": "%s"}}}},
              "field": "text", "model": "bge-small", "rank_window_size": 8, "timeout": "5m"}}}""", QUERY))));
        List<String> rescored = ids(hits(search(String.format(Locale.ROOT, """
            {"query": {"match": {"text": "%s"}}, "size": 8,
             "rescore": {"window_size": 8, "llm_rerank": {"field": "text", "model": "bge-small", "timeout": "5m"}}}""", QUERY))));
        assertEquals("both surfaces run the same rerank", reranked, rescored);
        assertNotEquals(firstStage, reranked);
        assertTrue(reranked.toString(), reranked.indexOf("3") < reranked.indexOf("2"));
        assertTrue(reranked.toString(), reranked.indexOf("3") < reranked.indexOf("4"));
    }

    private static RecordingReranker.Call singleCall() {
        assertEquals(1, RecordingReranker.CALLS.size());
        return RecordingReranker.CALLS.peek();
    }

    private static List<String> byLength(List<Map<String, Object>> hits) {
        return hits.stream().sorted((a, b) -> Integer.compare(text(b).length(), text(a).length())).map(h -> (String) h.get("_id")).toList();
    }

    private static Map<String, Object> search(String body) throws IOException {
        return HttpSearches.search(getRestClient(), "docs", body);
    }

    private static String error(String body) throws IOException {
        return error("POST", "/docs/_search", body);
    }

    /** The body of the 400 the request must get. */
    private static String error(String method, String path, String body) throws IOException {
        return HttpSearches.error(getRestClient(), method, path, body);
    }
}
