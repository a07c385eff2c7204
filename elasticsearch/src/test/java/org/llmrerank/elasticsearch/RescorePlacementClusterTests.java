package org.llmrerank.elasticsearch;

import static org.llmrerank.elasticsearch.HttpSearches.hits;

import java.io.IOException;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.elasticsearch.common.settings.Settings;
import org.elasticsearch.plugins.Plugin;
import org.elasticsearch.test.ESIntegTestCase;
import org.elasticsearch.transport.netty4.Netty4Plugin;
import org.junit.Before;

/**
 * Where the {@code llm_rerank} rescorer may stand in a search's {@code rescore}. It reorders the merged hits after every
 * shard-level rescorer, so it must be the last of a rescore array; a rescore object holding it and another rescorer is
 * refused by Elasticsearch's own parser (OpenSearch's keeps only the last rescorer of an object and would drop the
 * rerank silently, which its plugin has to catch). Inside a {@code rescorer} retriever it is refused for that reason, not for
 * the sort and stored fields that retriever's own search asks for. Every refusal is a 400 naming {@code [rescore]}, and
 * no model runs.
 */
@ESIntegTestCase.ClusterScope(scope = ESIntegTestCase.Scope.SUITE, numDataNodes = 1, numClientNodes = 0, supportsDedicatedMasters = false)
public class RescorePlacementClusterTests extends ESIntegTestCase {

    private static final String QUERY_RESCORER = """
        {"window_size": 4, "query": {"rescore_query": {"match": {"text": "flea"}}}}""";
    private static final String LLM_RERANK = String.format(Locale.ROOT, """
        {"window_size": 4, "llm_rerank": {"field": "text", "model": "%s", "query_text": "flea"}}""", RecordingReranker.BY_LENGTH);

    @Override
    protected Collection<Class<? extends Plugin>> nodePlugins() {
        return List.of(TestRerankPlugin.class, Netty4Plugin.class);
    }

    @Override
    protected boolean addMockHttpTransport() {
        return false; // real Netty HTTP: the body is parsed as a user's would be
    }

    @Before
    public void indexDocs() {
        RecordingReranker.CALLS.clear();
        if (indexExists("docs")) {
            return;
        }
        prepareCreate("docs").setSettings(Settings.builder().put("index.number_of_shards", 2).put("index.number_of_replicas", 0))
            .setMapping("text", "type=text").get();
        String[] texts = {"flea", "a flea jumps", "the cat has a flea", "flea market on a sunday morning", "no insects here"};
        for (int i = 0; i < texts.length; i++) {
            prepareIndex("docs").setId("d" + i).setSource("text", texts[i]).get();
        }
        indicesAdmin().prepareRefresh("docs").get();
        ensureGreen("docs");
    }

    public void testLastInARescoreArrayReranksAfterTheShardRescorer() throws IOException {
        List<Map<String, Object>> hits = hits(search("{\"query\": {\"match\": {\"text\": \"flea\"}}, \"rescore\": [" + QUERY_RESCORER + ", "
            + LLM_RERANK + "]}"));
        assertEquals(1, RecordingReranker.CALLS.size());
        assertEquals(4, RecordingReranker.CALLS.peek().hits().size());
        assertEquals("the longest text of the window first", "d3", hits.get(0).get("_id"));
    }

    public void testNotLastInARescoreArrayIsRefused() throws IOException {
        String body = error("{\"query\": {\"match\": {\"text\": \"flea\"}}, \"rescore\": [" + LLM_RERANK + ", " + QUERY_RESCORER + "]}");
        assertTrue(body, body.contains("[rescore] [llm_rerank] must be the last rescorer"));
        assertTrue(RecordingReranker.CALLS.isEmpty());
    }

    public void testTwoInARescoreArrayAreRefused() throws IOException {
        String body = error("{\"query\": {\"match\": {\"text\": \"flea\"}}, \"rescore\": [" + LLM_RERANK + ", " + LLM_RERANK + "]}");
        assertTrue(body, body.contains("[rescore] only one [llm_rerank] rescorer is allowed per search, got 2"));
        assertTrue(RecordingReranker.CALLS.isEmpty());
    }

    public void testOneRescoreObjectHoldingItAndAnotherRescorerIsRefused() throws IOException {
        String rerank = String.format(Locale.ROOT, "\"llm_rerank\": {\"field\": \"text\", \"model\": \"%s\", \"query_text\": \"flea\"}",
            RecordingReranker.BY_LENGTH);
        String query = "\"query\": {\"rescore_query\": {\"match\": {\"text\": \"flea\"}}}";
        // either order: the object must not quietly keep only one of them
        for (String object : List.of("{" + rerank + ", " + query + "}", "{" + query + ", " + rerank + "}")) {
            String body = error("{\"query\": {\"match\": {\"text\": \"flea\"}}, \"rescore\": " + object + "}");
            assertTrue(body, body.contains("Can't have more than one rescore type in a [rescore] object"));
        }
        assertTrue(RecordingReranker.CALLS.isEmpty());
    }

    public void testInsideARescorerRetrieverIsRefusedForWhatItIs() throws IOException {
        String body = error("{\"retriever\": {\"rescorer\": {\"retriever\": {\"standard\": {\"query\": {\"match\": {\"text\": "
            + "\"flea\"}}}}, \"rescore\": " + LLM_RERANK + "}}}");
        assertTrue(body, body.contains("[rescore] [llm_rerank] cannot run inside a retriever: use the [llm_rerank] retriever"));
        assertFalse("not refused for what the retriever's own search asks for: " + body, body.contains("[sort]"));
        assertTrue(RecordingReranker.CALLS.isEmpty());
    }

    private static Map<String, Object> search(String body) throws IOException {
        return HttpSearches.search(getRestClient(), "docs", body);
    }

    /** The body of the 400 the search must get. */
    private static String error(String body) throws IOException {
        return HttpSearches.error(getRestClient(), "POST", "/docs/_search", body);
    }
}
