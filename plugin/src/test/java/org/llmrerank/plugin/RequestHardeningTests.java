package org.llmrerank.plugin;

import static org.opensearch.test.hamcrest.OpenSearchAssertions.assertAcked;

import java.io.InputStream;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.opensearch.client.Cancellable;
import org.opensearch.client.Request;
import org.opensearch.client.Response;
import org.opensearch.client.ResponseListener;
import org.opensearch.common.settings.Settings;
import org.opensearch.common.xcontent.json.JsonXContent;
import org.opensearch.test.OpenSearchIntegTestCase;

/**
 * Requests that once harmed a node or were answered wrongly, over real HTTP: an evaluation that overflowed the stack,
 * grades that exhausted the heap, an evaluation nobody could stop, page bounds that overflowed, stored_fields that made
 * the rerank a silent no-op, and counters that counted what never reached the model.
 */
@OpenSearchIntegTestCase.ClusterScope(scope = OpenSearchIntegTestCase.Scope.SUITE, numDataNodes = 1, numClientNodes = 0,
    supportsDedicatedMasters = false)
public class RequestHardeningTests extends HttpNodesTestCase {

    private static final String INDEX = "hardening";




    private void indexDocs() {
        if (indexExists(INDEX)) {
            return;
        }
        assertAcked(prepareCreate(INDEX).setSettings(Settings.builder().put("index.number_of_shards", 1).put("index.number_of_replicas", 0))
            .setMapping("text", "type=text", "other", "type=text"));
        String[] texts = {"fox", "fox fox fox", "fox cat", "fox fox", "cat fox dog fox fox fox", "fox dog"};
        for (int i = 0; i < texts.length; i++) {
            client().prepareIndex(INDEX).setId("d" + i).setSource("text", texts[i]).get();
        }
        refresh(INDEX);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> clusterStats() throws Exception {
        return (Map<String, Object>) call("GET", "/_plugins/_llm_rerank/stats", null).get("cluster");
    }

    private static long stat(Map<String, Object> stats, String... path) {
        Object v = stats;
        for (String p : path) {
            v = ((Map<?, ?>) v).get(p);
        }
        return ((Number) v).longValue();
    }

    private static String evalBody(String index, int requests, String search, String grade) {
        StringBuilder reqs = new StringBuilder();
        StringBuilder qrels = new StringBuilder();
        for (int i = 0; i < requests; i++) {
            reqs.append(i == 0 ? "" : ",").append("{\"id\": \"q").append(i).append("\", \"request\": ").append(search).append('}');
            qrels.append(i == 0 ? "" : ",").append("\"q").append(i).append("\": {\"d1\": ").append(grade).append('}');
        }
        return "{\"index\": \"" + index + "\", \"requests\": [" + reqs + "], \"qrels\": {" + qrels + "}}";
    }

    public void testEvalOfSearchesThatCompleteOnTheCallingThreadDoesNotOverflowTheStack() throws Exception {
        // a pattern that matches nothing answers on the calling thread: 300 of them in one evaluation once overflowed
        String search = "{\"size\": 0, \"query\": {\"match\": {\"text\": \"fox\"}}, "
            + "\"rescore\": {\"llm_rerank\": {\"model\": \"stand-in-term-count\", \"field\": \"text\"}}}";
        Map<String, Object> report = call("POST", "/_plugins/_llm_rerank/_eval", evalBody("nothing-matches-*", 300, search, "1"));
        assertEquals(300, report.get("queries"));
        assertEquals(300, ((Number) report.get("skipped")).intValue());
        assertEquals("a skipped page is not a fallback", 0, ((Number) report.get("fallbacks")).intValue());
    }

    public void testEvalGradesAreBoundedAndHugeOnesCostNothingSpecial() throws Exception {
        indexDocs();
        String search = "{\"query\": {\"match\": {\"text\": \"fox\"}}, "
            + "\"rescore\": {\"window_size\": 6, \"llm_rerank\": {\"model\": \"stand-in-term-count\", \"field\": \"text\"}}}";
        for (String grade : List.of("1000000000", "2147483647")) {
            String body = refusal(400, "POST", "/_plugins/_llm_rerank/_eval", evalBody(INDEX, 1, search, grade));
            assertTrue(body, body.contains("[qrels]") && body.contains("plugins.llm_rerank.eval.max_grade"));
        }
        String trec = "{\"index\": \"" + INDEX + "\", \"qrels_trec\": \"q0 0 d1 1000000000\\n\", \"requests\": [{\"id\": \"q0\", \"request\": "
            + search + "}]}";
        assertTrue(refusal(400, "POST", "/_plugins/_llm_rerank/_eval", trec).contains("[qrels] query [q0] document [d1] has grade [1000000000]"));
        // an operator who allows them gets an answer computed in memory proportional to the judgments
        updateClusterSettings(Settings.builder().put("plugins.llm_rerank.eval.max_grade", Integer.MAX_VALUE));
        try {
            Map<String, Object> report = call("POST", "/_plugins/_llm_rerank/_eval", evalBody(INDEX, 1, search, "2147483647"));
            assertEquals(1, report.get("queries"));
        } finally {
            updateClusterSettings(Settings.builder().putNull("plugins.llm_rerank.eval.max_grade"));
        }
    }

    public void testEvalRequestsAreCapped() throws Exception {
        indexDocs();
        String search = "{\"query\": {\"match\": {\"text\": \"fox\"}}, "
            + "\"rescore\": {\"llm_rerank\": {\"model\": \"stand-in-term-count\", \"field\": \"text\"}}}";
        updateClusterSettings(Settings.builder().put("plugins.llm_rerank.eval.max_requests", 5));
        try {
            String body = refusal(400, "POST", "/_plugins/_llm_rerank/_eval", evalBody(INDEX, 6, search, "1"));
            assertTrue(body, body.contains("[requests] holds 6 requests; at most [plugins.llm_rerank.eval.max_requests=5]"));
            assertEquals(5, call("POST", "/_plugins/_llm_rerank/_eval", evalBody(INDEX, 5, search, "1")).get("queries"));
        } finally {
            updateClusterSettings(Settings.builder().putNull("plugins.llm_rerank.eval.max_requests"));
        }
    }

    @SuppressWarnings("unchecked")
    public void testEvalIsATaskWithItsSearchesAsChildrenAndStopsWhenTheClientGoesAway() throws Exception {
        indexDocs();
        StandInModels.GatedModel gated = TestLlmRerankPlugin.GATED;
        gated.calls.set(0);
        gated.permits.drainPermits();
        String search = "{\"query\": {\"match\": {\"text\": \"fox\"}}, \"rescore\": {\"window_size\": 6, \"llm_rerank\": "
            + "{\"model\": \"stand-in-gated\", \"field\": \"text\", \"timeout\": \"5m\"}}}";
        Request eval = new Request("POST", "/_plugins/_llm_rerank/_eval");
        eval.setJsonEntity(evalBody(INDEX, 10, search, "1"));
        AtomicReference<Object> outcome = new AtomicReference<>();
        Cancellable inFlight = getRestClient().performRequestAsync(eval, new ResponseListener() {
            @Override
            public void onSuccess(Response response) {
                outcome.set(response);
            }

            @Override
            public void onFailure(Exception exception) {
                outcome.set(exception);
            }
        });
        // the first judged search is inside the model: the evaluation and that search are tasks, parent and child
        assertBusy(() -> assertEquals(1, gated.calls.get()), 5, TimeUnit.MINUTES);
        Map<String, Object> tasks = call("GET", "/_tasks?actions=cluster:admin/llm_rerank/eval&detailed=true", null);
        Map<String, Object> nodes = (Map<String, Object>) tasks.get("nodes");
        assertEquals(tasks.toString(), 1, nodes.size());
        Map<String, Object> evalTasks = (Map<String, Object>) ((Map<String, Object>) nodes.values().iterator().next()).get("tasks");
        assertEquals(1, evalTasks.size());
        String evalTaskId = evalTasks.keySet().iterator().next();
        Map<String, Object> evalTask = (Map<String, Object>) evalTasks.get(evalTaskId);
        assertEquals(Boolean.TRUE, evalTask.get("cancellable"));
        Map<String, Object> children = call("GET", "/_tasks?parent_task_id=" + evalTaskId + "&actions=indices:data/read/search", null);
        assertFalse("the search in flight is a child of the evaluation: " + children,
            ((Map<String, Object>) children.get("nodes")).isEmpty());

        // the client goes away: the node cancels the evaluation; only then may the search in flight finish
        inFlight.cancel();
        assertBusy(() -> assertEquals(Boolean.TRUE, evalTasks().get(evalTaskId) instanceof Map<?, ?> t ? t.get("cancelled") : null),
            5, TimeUnit.MINUTES);
        gated.permits.release(100);
        assertBusy(() -> assertTrue(evalTasks().isEmpty()), 5, TimeUnit.MINUTES);
        assertEquals("the evaluation stopped with its client: no other query reached the model", 1, gated.calls.get());
        gated.permits.drainPermits();
    }

    /** The evaluation tasks of the cluster by task id. */
    @SuppressWarnings("unchecked")
    private static Map<String, Object> evalTasks() throws Exception {
        Map<String, Object> all = new java.util.HashMap<>();
        Map<String, Object> nodes = (Map<String, Object>) call("GET", "/_tasks?actions=cluster:admin/llm_rerank/eval&detailed=true", null)
            .get("nodes");
        for (Object n : nodes.values()) {
            Object tasks = ((Map<String, Object>) n).get("tasks");
            if (tasks != null) {
                all.putAll((Map<String, Object>) tasks);
            }
        }
        return all;
    }

    private static void updateClusterSettings(Settings.Builder settings) {
        assertAcked(client().admin().cluster().prepareUpdateSettings().setPersistentSettings(settings).get());
    }

    public void testFromPlusSizePastTheIntRangeIsA400NamingSize() throws Exception {
        indexDocs();
        String body = refusal(400, "POST", "/" + INDEX + "/_search", "{\"from\": 5, \"size\": 2147483647, \"query\": {\"match\": "
            + "{\"text\": \"fox\"}}, \"rescore\": {\"llm_rerank\": {\"model\": \"stand-in-term-count\", \"field\": \"text\"}}}");
        assertTrue(body, body.contains("[size] [from] + [size] = 2147483652"));
    }

    @SuppressWarnings("unchecked")
    public void testStoredFieldsStillRerankAndReturnWhatTheUserAskedFor() throws Exception {
        indexDocs();
        String clause = "\"query\": {\"match\": {\"text\": \"fox\"}}, \"rescore\": {\"window_size\": 6, \"llm_rerank\": "
            + "{\"model\": \"stand-in-term-count\", \"field\": \"text\"}}";
        Map<String, Object> r = call("POST", "/" + INDEX + "/_search", "{\"stored_fields\": [\"other\"], " + clause + "}");
        Map<String, Object> ext = (Map<String, Object>) ((Map<String, Object>) r.get("ext")).get("llm_rerank");
        assertEquals("reranked", ext.get("status"));
        assertEquals(6, ((Number) ext.get("reranked_docs")).intValue());
        assertEquals(0, ((Number) ext.get("docs_without_text")).intValue());
        List<Map<String, Object>> hits = (List<Map<String, Object>>) ((Map<String, Object>) r.get("hits")).get("hits");
        assertEquals("most foxes first", "d4", hits.get(0).get("_id"));
        for (Map<String, Object> h : hits) {
            assertFalse("stored_fields without _source returns no _source: " + h, h.containsKey("_source"));
        }
        String none = refusal(400, "POST", "/" + INDEX + "/_search", "{\"stored_fields\": \"_none_\", " + clause + "}");
        assertTrue(none, none.contains("[stored_fields] [_none_] cannot be combined with [llm_rerank]"));
    }

    @SuppressWarnings("unchecked")
    public void testQueriesCountOnlySearchesThatReachTheRerankAndNothingJudgedIsNoRerank() throws Exception {
        indexDocs();
        call("POST", "/_plugins/_llm_rerank/stats/_reset", null);
        String clause = "\"rescore\": {\"window_size\": 6, \"llm_rerank\": {\"model\": \"stand-in-term-count\", \"field\": \"%s\"}}";
        String query = "\"query\": {\"match\": {\"text\": \"fox\"}}, ";
        // refused (400), missing index (404), a page the rerank cannot change: none is a query
        refusal(400, "POST", "/" + INDEX + "/_search", "{" + query + clause.formatted("text").replace("stand-in-term-count", "nope") + "}");
        refusal(404, "POST", "/no-such-index/_search", "{" + query + clause.formatted("text") + "}");
        call("POST", "/" + INDEX + "/_search", "{\"size\": 0, " + query + clause.formatted("text") + "}");
        // no hit has text in [other]: the model judged nothing, so the search kept its order and says why
        Map<String, Object> r = call("POST", "/" + INDEX + "/_search", "{" + query + clause.formatted("other") + "}");
        Map<String, Object> ext = (Map<String, Object>) ((Map<String, Object>) r.get("ext")).get("llm_rerank");
        assertEquals("fallback", ext.get("status"));
        assertEquals("no_text", ext.get("fallback_cause"));
        call("POST", "/" + INDEX + "/_search", "{" + query + clause.formatted("text") + "}");
        Map<String, Object> stats = clusterStats();
        assertEquals(2, stat(stats, "queries"));
        assertEquals(1, stat(stats, "skipped_pages"));
        assertEquals(1, stat(stats, "reranked_queries"));
        assertEquals(1, stat(stats, "fallbacks", "no_text"));
        assertEquals(stat(stats, "queries"), stat(stats, "reranked_queries") + stat(stats, "fallbacks_total"));
    }

    public void testTopKMustBeAWholeNumberAndQueryTextIsBounded() throws Exception {
        indexDocs();
        String body = refusal(400, "POST", "/" + INDEX + "/_search", "{\"query\": {\"match\": {\"text\": \"fox\"}}, \"rescore\": "
            + "{\"llm_rerank\": {\"model\": \"stand-in-term-count\", \"field\": \"text\", \"top_k\": 3.7}}}");
        assertTrue(body, body.contains("[top_k] must be an integer, got [3.7]"));
        String longText = "fox ".repeat(1100);
        String tooLong = refusal(400, "POST", "/" + INDEX + "/_search", "{\"query\": {\"match\": {\"text\": \"fox\"}}, \"rescore\": "
            + "{\"llm_rerank\": {\"model\": \"stand-in-term-count\", \"field\": \"text\", \"query_text\": \"" + longText + "\"}}}");
        assertTrue(tooLong, tooLong.contains("[llm_rerank.query_text] the text to rerank for has 4400 characters; at most "
            + "[plugins.llm_rerank.max_query_chars=4096]"));
    }

    @SuppressWarnings("unchecked")
    public void testTheModelReadsAtMostMaxPassageCharsOfAHit() throws Exception {
        indexDocs();
        updateClusterSettings(Settings.builder().put("plugins.llm_rerank.max_passage_chars", 3));
        try {
            Map<String, Object> r = call("POST", "/" + INDEX + "/_search", "{\"query\": {\"match\": {\"text\": \"fox\"}}, \"rescore\": "
                + "{\"window_size\": 6, \"llm_rerank\": {\"model\": \"stand-in-term-count\", \"field\": \"text\"}}}");
            Map<String, Object> ext = (Map<String, Object>) ((Map<String, Object>) r.get("ext")).get("llm_rerank");
            // the stand-in counts one token per word it reads: three characters hold one word
            assertEquals(6, ((Number) ext.get("input_tokens")).intValue());
        } finally {
            updateClusterSettings(Settings.builder().putNull("plugins.llm_rerank.max_passage_chars"));
        }
    }

    public void testEveryTopLevelStatCanBeAskedFor() throws Exception {
        for (String stat : List.of("queries", "skipped_pages", "fallbacks_total", "inference", "models", "scheduler")) {
            Map<String, Object> one = call("GET", "/_plugins/_llm_rerank/stats/" + stat, null);
            assertTrue(stat + ": " + one, ((Map<?, ?>) one.get("cluster")).containsKey(stat));
        }
        assertTrue(refusal(400, "GET", "/_plugins/_llm_rerank/stats/nope", null).contains("[stat] unknown stat [nope]"));
    }

    @SuppressWarnings("unchecked")
    public void testAClauseThatOpenSearchsRescoreParserDropsIsA400() throws Exception {
        indexDocs();
        String clause = "\"llm_rerank\": {\"model\": \"stand-in-term-count\", \"field\": \"text\"}";
        String query = "\"query\": {\"rescore_query\": {\"match\": {\"text\": \"cat\"}}}";
        // the parser keeps the last rescorer of an object: the clause would be replaced by the query rescorer, silently
        String body = refusal(400, "POST", "/" + INDEX + "/_search", "{\"query\": {\"match\": {\"text\": \"fox\"}}, "
            + "\"rescore\": {\"window_size\": 6, " + clause + ", " + query + "}}");
        assertTrue(body, body.contains("[rescore] a rescore object holds [llm_rerank] and another rescorer"));
        // one rescorer per object, in an array: both run
        Map<String, Object> r = call("POST", "/" + INDEX + "/_search", "{\"query\": {\"match\": {\"text\": \"fox\"}}, "
            + "\"rescore\": [{\"window_size\": 6, " + query + "}, {\"window_size\": 6, " + clause + "}]}");
        assertEquals("reranked", ((Map<String, Object>) ((Map<String, Object>) r.get("ext")).get("llm_rerank")).get("status"));
        // a multi-search holds several searches' clauses: one without a clause is not refused for another's
        Request msearch = new Request("POST", "/" + INDEX + "/_msearch");
        msearch.setJsonEntity("{}\n{\"query\": {\"match\": {\"text\": \"fox\"}}, \"rescore\": {\"window_size\": 6, " + clause + "}}\n"
            + "{}\n{\"query\": {\"match\": {\"text\": \"fox\"}}, \"rescore\": {\"window_size\": 6, " + query + "}}\n");
        Response resp = getRestClient().performRequest(msearch);
        Map<String, Object> multi;
        try (InputStream in = resp.getEntity().getContent()) {
            multi = JsonXContent.jsonXContent.createParser(null, null, in).map();
        }
        List<Map<String, Object>> responses = (List<Map<String, Object>>) multi.get("responses");
        assertEquals(multi.toString(), 200, ((Number) responses.get(0).get("status")).intValue());
        assertEquals(multi.toString(), 200, ((Number) responses.get(1).get("status")).intValue());
        // every later search on the same connection is judged on its own body
        Map<String, Object> plain = call("POST", "/" + INDEX + "/_search", "{\"query\": {\"match\": {\"text\": \"fox\"}}, "
            + "\"rescore\": {\"window_size\": 6, " + query + "}}");
        assertNotNull(plain.get("hits"));
    }
}
