package org.llmrerank.elasticsearch.api;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.http.HttpHost;
import java.util.concurrent.TimeUnit;
import org.elasticsearch.ExceptionsHelper;
import org.elasticsearch.action.support.PlainActionFuture;
import org.elasticsearch.client.RestClient;
import org.elasticsearch.common.xcontent.XContentHelper;
import org.elasticsearch.common.settings.Settings;
import org.elasticsearch.common.transport.TransportAddress;
import org.elasticsearch.http.HttpServerTransport;
import org.elasticsearch.tasks.CancellableTask;
import org.elasticsearch.tasks.Task;
import org.elasticsearch.tasks.TaskCancelHelper;
import org.elasticsearch.tasks.TaskCancelledException;
import org.elasticsearch.tasks.TaskId;
import org.elasticsearch.xcontent.XContentType;
import org.junit.Before;
import org.llmrerank.elasticsearch.RecordingReranker;
import org.llmrerank.elasticsearch.eval.EvalAction;
import org.llmrerank.elasticsearch.eval.EvalActionRequest;
import org.llmrerank.elasticsearch.eval.EvalActionResponse;
import org.llmrerank.elasticsearch.eval.SearchSourceBodies;
import org.llmrerank.elasticsearch.eval.TransportEvalAction;
import org.llmrerank.rest.eval.EvalRequest;

/**
 * {@code _eval} and the models API on two data nodes over real HTTP ({@link ModelsDirClusterTestCase}). The evaluation's NDCG is checked against a direct
 * computation from the searches' own hits; a model registered from the models directory reranks by name in the
 * retriever and the rescore clause on every node, exactly as the bundled model of the same bytes does.
 * {@link RecordingReranker}'s {@value RecordingReranker#BY_LENGTH} is a stand-in model whose order needs no network.
 */
public class ApiClusterTests extends ModelsDirClusterTestCase {

    /** Texts of distinct lengths in tokens, so that no two first-stage scores tie. */
    private static final String[][] DOCS = {
        {"d1", "fox"},
        {"d2", "the quick brown fox"},
        {"d3", "a fox and a hound are friends in the story"},
        {"d4", "red fox facts: the red fox is the largest of the true foxes and lives across the northern hemisphere"},
        {"d5", "fox news at nine tonight"},
        {"d6", "an arctic fox in the snow"},
    };
    private static final Map<String, Map<String, Integer>> QRELS = Map.of(
        "q1", Map.of("d4", 3, "d3", 2, "d6", 1, "d1", 0),
        "q2", Map.of("d2", 1, "d6", 2, "d3", 0));
    private static final Map<String, String> QUERIES = Map.of("q1", "fox", "q2", "the");
    private static final int K = 5;

    @Before
    public void indexDocs() throws IOException {
        RecordingReranker.CALLS.clear();
        if (indexExists("judged")) {
            return;
        }
        prepareCreate("judged").setSettings(Settings.builder().put("index.number_of_shards", 2).put("index.number_of_replicas", 0))
            .setMapping("text", "type=text", "docid", "type=keyword").get();
        for (int i = 0; i < DOCS.length; i++) {
            prepareIndex("judged").setId(Integer.toString(i + 1)).setSource("docid", DOCS[i][0], "text", DOCS[i][1]).get();
        }
        indicesAdmin().prepareRefresh("judged").get();
        ensureGreen("judged");
    }

    public void testEvalReportsTheNdcgOfItsOwnSearches() throws IOException {
        StringBuilder requests = new StringBuilder();
        for (String q : List.of("q1", "q2")) {
            requests.append(requests.isEmpty() ? "" : ",").append(String.format(Locale.ROOT,
                "{\"id\": \"%s\", \"request\": %s}", q, rerankedBody(QUERIES.get(q))));
        }
        RestJson report = call("POST", "/_llm_rerank/_eval", String.format(Locale.ROOT, """
            {"index": "judged", "id_field": "docid", "k": %d, "requests": [%s],
             "qrels": {"q1": {"d4": 3, "d3": 2, "d6": 1, "d1": 0}, "q2": {"d2": 1, "d6": 2, "d3": 0}}}""", K, requests));
        assertEquals(report.text(), 200, report.status());
        assertEquals(2, ((Number) report.at("queries")).intValue());
        assertEquals("each judged request ran the rerank once", 2, RecordingReranker.CALLS.size());

        double firstMean = 0;
        double rerankedMean = 0;
        for (int i = 0; i < 2; i++) {
            String q = List.of("q1", "q2").get(i);
            double first = ndcg(call("POST", "/judged/_search", firstStageBody(QUERIES.get(q))), QRELS.get(q));
            double reranked = ndcg(call("POST", "/judged/_search", rerankedBody(QUERIES.get(q))), QRELS.get(q));
            assertEquals(q, report.at("per_query." + i + ".id"));
            assertEquals(first, report.number("per_query." + i + ".first_stage.ndcg@" + K), 1e-12);
            assertEquals(reranked, report.number("per_query." + i + ".reranked.ndcg@" + K), 1e-12);
            firstMean += first / 2;
            rerankedMean += reranked / 2;
        }
        assertEquals(firstMean, report.number("first_stage.ndcg@" + K), 1e-12);
        assertEquals(rerankedMean, report.number("reranked.ndcg@" + K), 1e-12);
        assertTrue("the stand-in's order is not the first stage's, so the two figures tell the searches apart: " + report.text(),
            rerankedMean > firstMean);
    }

    public void testEvalRefusesEveryBadFieldAtOnce() throws IOException {
        RestJson r = call("POST", "/_llm_rerank/_eval", """
            {"bogus": 1, "id_field": 7, "k": 0, "requests": [], "qrels": {"q1": {"d1": 1}}, "qrels_trec": "q1 0 d1 1"}""");
        assertEquals(r.text(), 400, r.status());
        assertEquals("action_request_validation_exception", r.at("error.type"));
        for (String field : List.of("[bogus] is not a field of an eval request", "[index] is required", "[k] must be a positive integer",
            "[id_field] must be the name of a field", "[qrels] give exactly one of", "[requests] is required")) {
            assertTrue(r.text(), r.text().contains(field));
        }
        RestJson noClause = call("POST", "/_llm_rerank/_eval", """
            {"index": "judged", "requests": [{"id": "q1", "request": {"query": {"match": {"text": "fox"}}}}], "qrels": {"q1": {"d1": 1}}}""");
        assertEquals(400, noClause.status());
        assertTrue(noClause.text(), noClause.text().contains("[requests][0][request] has no [rescore.llm_rerank] clause to evaluate"));

        RestJson badClause = call("POST", "/_llm_rerank/_eval", """
            {"index": "judged", "requests": [{"id": "q1", "request": {"query": {"match": {"text": "fox"}},
             "rescore": {"llm_rerank": {"model": "no-such-model", "field": "text"}}}}], "qrels": {"q1": {"d1": 1}}}""");
        assertEquals("a bad clause is the search's own 400", 400, badClause.status());
        assertTrue(badClause.text(), badClause.text().contains("[llm_rerank.model] unknown model [no-such-model]"));

        RestJson missing = call("POST", "/_llm_rerank/_eval", """
            {"index": "no-such-index", "requests": [{"id": "q1", "request": {"query": {"match": {"text": "fox"}},
             "rescore": {"llm_rerank": {"model": "bge-small", "field": "text"}}}}], "qrels": {"q1": {"d1": 1}}}""");
        assertEquals(404, missing.status());
        assertEquals("index_not_found_exception", missing.at("error.type"));
    }

    public void testEvalIsACancellableTaskThatCancelsItsSearches() throws Exception {
        Map<String, Object> body = XContentHelper.convertToMap(XContentType.JSON.xContent(), String.format(Locale.ROOT, """
            {"index": "judged", "id_field": "docid", "requests": [{"id": "q1", "request": %s}], "qrels": {"q1": {"d4": 1}}}""",
            rerankedBody("fox")), true);
        EvalActionRequest request = new EvalActionRequest(EvalRequest.parse(body, new EvalRequest.Limits(10, 10),
            new SearchSourceBodies(xContentRegistry(), feature -> true)));
        Task task = request.createTask(1, "transport", EvalAction.INSTANCE.name(), TaskId.EMPTY_TASK_ID, Map.of());
        CancellableTask cancellable = (CancellableTask) task;
        assertTrue("a cancelled evaluation cancels its searches", cancellable.shouldCancelChildrenOnCancellation());

        TaskCancelHelper.cancel(cancellable, "the client went away");
        PlainActionFuture<EvalActionResponse> result = new PlainActionFuture<>();
        internalCluster().getInstance(TransportEvalAction.class).execute(task, request, result);
        Exception e = expectThrows(Exception.class, () -> result.get(1, TimeUnit.MINUTES));
        TaskCancelledException cancelled = (TaskCancelledException) ExceptionsHelper.unwrap(e, TaskCancelledException.class);
        assertNotNull(e.toString(), cancelled);
        assertEquals("[_eval] cancelled after 0 of 1 requests: the client went away", cancelled.getMessage());
        assertEquals("no search ran", 0, RecordingReranker.CALLS.size());
    }

    public void testRegisteredModelReranksByNameOnEveryNodeThroughBothSurfaces() throws IOException {
        RestJson put = call("PUT", "/_llm_rerank/models/minilm-copy", """
            {"path": "good", "pooling": "mean", "query_prefix": "", "passage_prefix": ""}""");
        assertEquals(put.text(), 200, put.status());
        assertEquals(Boolean.TRUE, put.at("acknowledged"));
        try {
            RestJson listed = call("GET", "/_llm_rerank/models/minilm-copy", null);
            assertEquals(listed.text(), "registered", listed.at("models.minilm-copy.source"));
            assertEquals("good", listed.at("models.minilm-copy.path"));
            assertNull("one model asked for, one listed", listed.at("models.bge-small"));
            assertEquals("good", call("GET", "/_cluster/settings", null).at("persistent.plugins.llm_rerank.models.minilm-copy.path"));

            for (RestClient node : nodeClients()) {
                try (node) {
                    for (boolean retriever : List.of(true, false)) {
                        // the registered copy scores exactly as the bundled model of the same bytes: it really ran
                        List<Map<String, Object>> registered = RestJson.call(node, "POST", "/judged/_search",
                            surfaceBody(retriever, "minilm-copy")).hits();
                        List<Map<String, Object>> bundled = RestJson.call(node, "POST", "/judged/_search",
                            surfaceBody(retriever, "all-minilm-l6-v2")).hits();
                        assertEquals(6, registered.size());
                        assertEquals(idsAndScores(bundled), idsAndScores(registered));
                    }
                }
            }
            Map<?, ?> nodes = (Map<?, ?>) call("GET", "/_llm_rerank/models", null).at("models.minilm-copy.nodes");
            assertEquals(2, nodes.size());
            for (Object n : nodes.values()) {
                assertEquals("loaded on each node that coordinated a search with it: " + nodes, Boolean.TRUE, ((Map<?, ?>) n).get("loaded"));
            }
        } finally {
            RestJson delete = call("DELETE", "/_llm_rerank/models/minilm-copy", null);
            assertEquals(delete.text(), 200, delete.status());
        }
        assertEquals(404, call("GET", "/_llm_rerank/models/minilm-copy", null).status());
        assertEquals(404, call("DELETE", "/_llm_rerank/models/minilm-copy", null).status());
        RestJson gone = call("POST", "/judged/_search", surfaceBody(false, "minilm-copy"));
        assertEquals(400, gone.status());
        assertTrue(gone.text(), gone.text().contains("[llm_rerank.model] unknown model [minilm-copy]"));
        assertNull(call("GET", "/_cluster/settings", null).at("persistent.plugins"));
    }

    public void testBadRegistrationsAre400sNamingTheField() throws IOException {
        assertPut400("bad", "{\"path\": \"../x\"}", "[path] must not contain [..] (path traversal), got [../x]");
        assertPut400("bad", "{\"path\": \"good/../../x\"}", "[path] must not contain [..]");
        assertPut400("bad", "{\"path\": \"" + modelsDir().resolve("good") + "\"}", "[path] must be relative to [plugins.llm_rerank.models_path]");
        assertPut400("bad", "{\"path\": \"/etc\"}", "[path] must be relative to [plugins.llm_rerank.models_path], got absolute [/etc]");
        assertPut400("bad", "{\"path\": \"escape\"}", "[path] [escape] is a symbolic link resolving outside the models directory");
        assertPut400("bad", "{\"path\": \"no_such_dir\"}", "[path] [no_such_dir] does not exist in the models directory");
        assertPut400("bad", "{\"path\": \"plain_file\"}", "[path] [plain_file] is not a directory");
        assertPut400("bad", "{\"pooling\": \"cls\"}", "[path] is required");
        assertPut400("bad", "{\"path\": \"good\", \"pooling\": \"max\"}", "[pooling] must be [cls] or [mean], got [max]");
        assertPut400("bad", "{\"path\": \"good\", \"pooling\": 1}", "[pooling] must be a string");
        assertPut400("bad", "{\"path\": \"good\", \"bogus\": \"x\"}", "unknown field [bogus]");
        assertPut400("bad", "{\"path\": \"good\", \"query_prefix\": \"" + "q".repeat(1025) + "\"}",
            "[query_prefix] is 1025 characters, over the limit of 1024");
        assertPut400("bad", "{\"path\": \"no_routers\", \"base\": \"bge-small\"}", "[base] must be a bundled model of the routed runtime");
        assertPut400("bad", "{\"path\": \"no_routers\", \"base\": \"bge-small-routed\", \"router_knob\": 2}",
            "[router_knob] must be a number in [-1, 1], got [2]");
        assertPut400("bad", "{\"path\": \"no_routers\", \"base\": \"bge-small-routed\"}", "routers.bin");
        assertPut400("Bad.Name", "{\"path\": \"good\"}", "model name [Bad.Name] is invalid");
        assertPut400("bge-small", "{\"path\": \"good\"}", "model [bge-small] is bundled with the plugin and cannot be overwritten or deleted");
        assertPut400("bad", null, "request body is required");
        assertEquals(400, call("DELETE", "/_llm_rerank/models/all-minilm-l6-v2", null).status());
        assertEquals(404, call("GET", "/_llm_rerank/models/no-such-model", null).status());

        RestJson listed = call("GET", "/_llm_rerank/models", null);
        assertNull("nothing was registered: " + listed.text(), listed.at("models.bad"));
        assertEquals("bundled", listed.at("models.bge-small.source"));
        assertEquals(2, ((Number) listed.at("_nodes.total")).intValue());

        // a symbolic link that stays inside the models directory is fine
        RestJson linked = call("PUT", "/_llm_rerank/models/linked", "{\"path\": \"inside_link\", \"pooling\": \"cls\"}");
        assertEquals(linked.text(), 200, linked.status());
        assertEquals("cls", call("GET", "/_llm_rerank/models/linked", null).at("models.linked.pooling"));
        assertEquals(200, call("DELETE", "/_llm_rerank/models/linked", null).status());
    }

    public void testRoutersOverTheBundledRoutedModelRerankByName() throws IOException {
        RestJson put = call("PUT", "/_llm_rerank/models/bge-fixed-routers", "{\"path\": \"fixed_routers\", \"base\": \"bge-small-routed\"}");
        assertEquals(put.text(), 200, put.status());
        try {
            assertEquals("bge-small-routed", call("GET", "/_llm_rerank/models/bge-fixed-routers", null).at("models.bge-fixed-routers.base"));
            for (boolean retriever : List.of(true, false)) {
                List<Map<String, Object>> routed = call("POST", "/judged/_search", surfaceBody(retriever, "bge-fixed-routers")).hits();
                List<Map<String, Object>> full = call("POST", "/judged/_search", surfaceBody(retriever, "bge-small-routed")).hits();
                assertEquals(6, routed.size());
                // the routers skip two of the twelve layers, so the scores are not those of the full model
                assertNotEquals(idsAndScores(full), idsAndScores(routed));
            }
        } finally {
            assertEquals(200, call("DELETE", "/_llm_rerank/models/bge-fixed-routers", null).status());
        }
        assertPut400("bad", "{\"path\": \"six_routers\", \"base\": \"bge-small-routed\"}",
            "[six_routers/routers.bin] routes 6 layers of width 384; [base] [bge-small-routed] has 12 layers of width 384");
    }

    public void testTheClusterSettingsApiIsNoWayAroundTheChecks() throws IOException {
        RestJson traversal = call("PUT", "/_cluster/settings", """
            {"persistent": {"plugins.llm_rerank.models.sneaky.path": "../../etc"}}""");
        assertEquals(400, traversal.status());
        assertTrue(traversal.text(), traversal.text().contains("[path] must not contain [..]"));
        RestJson bundled = call("PUT", "/_cluster/settings", """
            {"persistent": {"plugins.llm_rerank.models.bge-small.path": "good"}}""");
        assertEquals(400, bundled.status());
        assertTrue(bundled.text(), bundled.text().contains("model [bge-small] is bundled"));
    }

    private static void assertPut400(String name, String body, String message) throws IOException {
        RestJson r = call("PUT", "/_llm_rerank/models/" + name, body);
        assertEquals(r.text(), 400, r.status());
        assertTrue(r.text(), String.valueOf(r.at("error.reason")).contains(message));
    }

    private static String firstStageBody(String query) {
        return String.format(Locale.ROOT, "{\"query\": {\"match\": {\"text\": \"%s\"}}, \"size\": 10}", query);
    }

    private static String rerankedBody(String query) {
        return String.format(Locale.ROOT, """
            {"query": {"match": {"text": "%s"}}, "size": 10,
             "rescore": {"window_size": 10, "llm_rerank": {"model": "%s", "field": "text"}}}""", query, RecordingReranker.BY_LENGTH);
    }

    private static String surfaceBody(boolean retriever, String model) {
        return retriever ? String.format(Locale.ROOT, """
            {"retriever": {"llm_rerank": {"retriever": {"standard": {"query": {"match": {"text": "fox"}}}},
              "field": "text", "model": "%s", "rank_window_size": 10, "query_text": "what do foxes eat", "timeout": "10m"}}}""", model)
            : String.format(Locale.ROOT, """
            {"query": {"match": {"text": "fox"}},
             "rescore": {"window_size": 10, "llm_rerank": {"model": "%s", "field": "text", "query_text": "what do foxes eat",
              "timeout": "10m"}}}""", model);
    }

    /**
     * NDCG@K of a search's hits in the order returned, trec_eval's way (linear gain, log2 discount, the ideal from the
     * judged grades), computed here rather than by the plugin's metrics code.
     */
    private static double ndcg(RestJson search, Map<String, Integer> judgments) {
        List<Map<String, Object>> hits = search.hits();
        double dcg = 0;
        double previous = Double.POSITIVE_INFINITY;
        for (int i = 0; i < hits.size(); i++) {
            double score = ((Number) hits.get(i).get("_score")).doubleValue();
            assertTrue("scores strictly decrease, so no tie-breaking rule decides the order: " + search.text(), score < previous);
            previous = score;
            String docid = (String) ((Map<?, ?>) hits.get(i).get("_source")).get("docid");
            int grade = judgments.getOrDefault(docid, 0);
            if (i < K && grade > 0) {
                dcg += grade / (Math.log(i + 2) / Math.log(2));
            }
        }
        List<Integer> ideal = judgments.values().stream().filter(g -> g > 0).sorted((a, b) -> b - a).toList();
        double idcg = 0;
        for (int i = 0; i < Math.min(K, ideal.size()); i++) {
            idcg += ideal.get(i) / (Math.log(i + 2) / Math.log(2));
        }
        return dcg / idcg;
    }

    private static List<String> idsAndScores(List<Map<String, Object>> hits) {
        return hits.stream().map(h -> h.get("_id") + "=" + h.get("_score")).toList();
    }

    private static RestJson call(String method, String path, String body) throws IOException {
        return RestJson.call(getRestClient(), method, path, body);
    }

    /** A client for each node's own HTTP port, so that each node coordinates a search. */
    private static List<RestClient> nodeClients() {
        List<RestClient> clients = new ArrayList<>();
        for (String name : internalCluster().getNodeNames()) {
            TransportAddress a = internalCluster().getInstance(HttpServerTransport.class, name).boundAddress().publishAddress();
            clients.add(RestClient.builder(new HttpHost(a.getAddress(), a.getPort(), "http")).build());
        }
        return clients;
    }
}
