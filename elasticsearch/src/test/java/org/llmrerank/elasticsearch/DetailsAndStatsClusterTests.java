package org.llmrerank.elasticsearch;

import static org.llmrerank.elasticsearch.HttpSearches.body;
import static org.llmrerank.elasticsearch.HttpSearches.hits;
import static org.llmrerank.elasticsearch.HttpSearches.ids;
import static org.llmrerank.elasticsearch.HttpSearches.json;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.elasticsearch.action.admin.cluster.node.info.NodeInfo;
import org.elasticsearch.action.support.PlainActionFuture;
import org.elasticsearch.client.Request;
import org.elasticsearch.client.Response;
import org.elasticsearch.client.ResponseListener;
import org.elasticsearch.client.RestClient;
import org.elasticsearch.common.settings.Settings;
import org.elasticsearch.core.TimeValue;
import org.elasticsearch.plugins.Plugin;
import org.elasticsearch.test.ESIntegTestCase;
import org.elasticsearch.transport.netty4.Netty4Plugin;
import org.junit.Before;
import org.llmrerank.rescorer.Strategy;
import org.llmrerank.rescorer.pipeline.RerankResult;
import org.llmrerank.rest.details.RerankDetails;

/**
 * Per-search details ({@value DetailsHeader#NAME} header, {@code explain}) and the stats API on two data nodes over real
 * HTTP, for both surfaces. {@link RecordingReranker} records what the plugin was handed and answered; its stand-in
 * models (not language models) fail or stay silent past the clause's deadline inside the real rerank pipeline.
 */
@ESIntegTestCase.ClusterScope(scope = ESIntegTestCase.Scope.SUITE, numDataNodes = 2, numClientNodes = 0, supportsDedicatedMasters = false)
public class DetailsAndStatsClusterTests extends ESIntegTestCase {

    private static final String QUERY = FleaDocs.QUERY;
    private static final String[] TEXTS = FleaDocs.TEXTS;
    private static final String EMBEDDING = Strategy.POINTWISE_EMBEDDING.clauseName();
    /** Timings differ from run to run; everything else in the details is what the pipeline decided. */
    private static final List<String> TIMINGS = List.of("first_stage_took_ms", "took_ms", "model_took_ms", "plugin_overhead_us",
        "model_load_ms");

    @Override
    protected Collection<Class<? extends Plugin>> nodePlugins() {
        return List.of(TestRerankPlugin.class, Netty4Plugin.class);
    }

    /** One inference thread per node and a queue of one, so that a test can fill a node's inference capacity. */
    @Override
    protected Settings nodeSettings(int nodeOrdinal, Settings otherSettings) {
        return Settings.builder().put(super.nodeSettings(nodeOrdinal, otherSettings))
            .put(EsRerankSettings.INFERENCE_CONCURRENCY.getKey(), 1).put(EsRerankSettings.INFERENCE_QUEUE_SIZE.getKey(), 1).build();
    }

    @Override
    protected boolean addMockHttpTransport() {
        return false; // real Netty HTTP: the header must survive Elasticsearch's own HTTP layer
    }

    @Before
    public void indexDocsAndResetStats() throws IOException {
        RecordingReranker.CALLS.clear();
        RecordingReranker.RESULTS.clear();
        FleaDocs.indexOnce(this);
        getRestClient().performRequest(new Request("POST", "/_llm_rerank/stats/_reset"));
    }

    public void testRetrieverHeaderCarriesWhatThePipelineDecided() throws IOException {
        // the stand-in answers on another thread than the rank-feature phase that handed it the window
        Response r = search(retriever(RecordingReranker.BY_LENGTH, 5, ""));
        Map<String, Object> header = header(r);
        assertEquals("reranked", header.get("status"));
        assertEquals(RecordingReranker.BY_LENGTH, header.get("model"));
        assertEquals(EMBEDDING, header.get("strategy"));
        assertEquals(5, header.get("window_size"));
        assertEquals(5, header.get("reranked_docs"));
        int chars = windowChars();
        assertEquals(RecordingReranker.FLOPS_PER_CHAR * chars, ((Number) header.get("flops_estimated")).doubleValue(), 0);
        assertEquals(RecordingReranker.FLOPS_PER_CHAR * chars, ((Number) header.get("flops_counted")).doubleValue(), 0);
        assertEquals(Map.of("sequences", 5, "executed", 5 * RecordingReranker.LAYERS, "skipped", 0, "repeated", 0), header.get("layers"));
        assertEqualsIgnoringTimings(expectedDetails(), header);
    }

    public void testRescoreHeaderCarriesWhatThePipelineDecided() throws IOException {
        Response r = search(rescore(RecordingReranker.BY_LENGTH, 4, "\"from\": 0, \"size\": 6,", ""));
        Map<String, Object> header = header(r);
        assertEquals("reranked", header.get("status"));
        assertEquals(EMBEDDING, header.get("strategy"));
        assertEquals(4, header.get("window_size"));
        assertEquals(4, header.get("reranked_docs"));
        assertEquals(RecordingReranker.FLOPS_PER_CHAR * windowChars(), ((Number) header.get("flops_estimated")).doubleValue(), 0);
        assertEquals(Map.of("sequences", 4, "executed", 4 * RecordingReranker.LAYERS, "skipped", 0, "repeated", 0), header.get("layers"));
        assertEqualsIgnoringTimings(expectedDetails(), header);
    }

    public void testRealModelDetailsCarryItsFlopsOnBothSurfaces() throws IOException {
        Response viaRetriever = search(retriever("bge-small", 8, ", \"timeout\": \"5m\""));
        Map<String, Object> expectedRetriever = expectedDetails();
        RecordingReranker.CALLS.clear();
        RecordingReranker.RESULTS.clear();
        Response viaRescore = search(rescore("bge-small", 8, "\"size\": 8,", ", \"timeout\": \"5m\""));
        Map<String, Object> expectedRescore = expectedDetails();

        assertEqualsIgnoringTimings(expectedRetriever, header(viaRetriever));
        assertEqualsIgnoringTimings(expectedRescore, header(viaRescore));
        for (Response r : List.of(viaRetriever, viaRescore)) {
            Map<String, Object> header = header(r);
            assertEquals("reranked", header.get("status"));
            assertEquals("bge-small", header.get("model"));
            assertEquals(8, header.get("window_size"));
            assertTrue(header.toString(), ((Number) header.get("flops_estimated")).doubleValue() > 0);
            assertTrue(header.toString(), ((Number) header.get("input_tokens")).longValue() > 0);
        }
        Map<String, Object> bge = slice(cluster(stats("")), "by_model", "bge-small");
        assertEquals(2, bge.get("reranked_queries"));
        assertEquals(((Number) header(viaRetriever).get("flops_estimated")).doubleValue()
            + ((Number) header(viaRescore).get("flops_estimated")).doubleValue(), ((Number) bge.get("flops_estimated")).doubleValue(), 1e3);
    }

    public void testRescorePageThatCannotChangeIsSkippedAndSaysSo() throws IOException {
        Response r = search(rescore(RecordingReranker.BY_LENGTH, 2, "\"from\": 5, \"size\": 2,", ""));
        Map<String, Object> header = header(r);
        assertEquals("skipped", header.get("status"));
        assertEqualsIgnoringTimings(expectedDetails(), header);
        Map<String, Object> cluster = cluster(stats(""));
        assertEquals(1, cluster.get("skipped_pages"));
        assertEquals("a page the rerank cannot change is not a query", 0, cluster.get("queries"));
    }

    /** A retriever over a first stage that matches nothing: a page the rerank cannot change, said and counted as such. */
    public void testRetrieverOverAnEmptyFirstStageIsSkippedAndSaysSo() throws IOException {
        Response r = search(retriever(RecordingReranker.BY_LENGTH, 5, "").replace(QUERY, "zzzqqqxxx"));
        assertEquals(List.of(), hits(body(r)));
        Map<String, Object> header = header(r);
        assertEquals("skipped", header.get("status"));
        Map<String, Object> cluster = cluster(stats(""));
        assertEquals(1, cluster.get("skipped_pages"));
        assertEquals("an empty first stage is not a query", 0, cluster.get("queries"));
    }

    public void testFailingModelKeepsFirstStageOrderOnBothSurfaces() throws IOException {
        List<String> firstStage = ids(hits(body(search(firstStage(5)))));

        Response viaRetriever = search(retriever(StandInModels.FAILING, 5, ", \"strategy\": \"pointwise\""));
        Response viaRescore = search(rescore(StandInModels.FAILING, 5, "\"size\": 5,", ", \"strategy\": \"pointwise\""));

        for (Response r : List.of(viaRetriever, viaRescore)) {
            assertEquals(firstStage, ids(hits(body(r))));
            Map<String, Object> header = header(r);
            assertEquals("fallback", header.get("status"));
            assertEquals("model_error", header.get("fallback_cause"));
            assertEquals("stand-in model failure", header.get("fallback_reason"));
        }
        Map<String, Object> cluster = cluster(stats(""));
        assertEquals(2, cluster.get("queries"));
        assertEquals(2, cluster.get("fallbacks_total"));
        assertEquals(2, fallbacks(cluster).get("model_error"));
        assertEquals(0, cluster.get("reranked_queries"));
    }

    public void testModelSilentPastTheDeadlineKeepsFirstStageOrderOnBothSurfaces() throws IOException {
        List<String> firstStage = ids(hits(body(search(firstStage(5)))));
        List<Response> responses = new ArrayList<>();
        // the stand-in answers only once the test opens its gate, after the search answered: the deadline always passes first
        String clause = ", \"strategy\": \"pointwise\", \"timeout\": \"50ms\"";
        for (boolean viaRetriever : new boolean[] {true, false}) {
            RecordingReranker.SILENT.closeGate();
            try {
                responses.add(search(viaRetriever ? retriever(StandInModels.SILENT, 5, clause)
                    : rescore(StandInModels.SILENT, 5, "\"size\": 5,", clause)));
            } finally {
                RecordingReranker.SILENT.openGate();
            }
        }
        for (Response r : responses) {
            assertEquals(firstStage, ids(hits(body(r))));
            Map<String, Object> header = header(r);
            assertEquals("fallback", header.get("status"));
            assertEquals("timeout", header.get("fallback_cause"));
            assertEquals("no answer from the model within [50ms]", header.get("fallback_reason"));
        }
        Map<String, Object> cluster = cluster(stats(""));
        assertEquals(2, cluster.get("fallbacks_total"));
        assertEquals(2, fallbacks(cluster).get("timeout"));
        assertEquals(2, slice(cluster, "by_model", StandInModels.SILENT).get("fallbacks_total"));
    }

    public void testFullInferenceQueueFallsBackAsRejected() throws Exception {
        List<String> firstStage = ids(hits(body(search(firstStage(5)))));
        NodeInfo node = clusterAdmin().prepareNodesInfo().get().getNodes().get(0);
        String silent = ", \"strategy\": \"pointwise\", \"timeout\": \"%s\"";
        Response queued;
        Response refused;
        Response holding;
        try (RestClient oneNode = createRestClient(List.of(node), null, "http")) {
            RecordingReranker.SILENT.closeGate();
            PlainActionFuture<Response> first = new PlainActionFuture<>();
            try {
                // holds the node's one inference thread until the gate opens
                oneNode.performRequestAsync(request(retriever(StandInModels.SILENT, 5, String.format(Locale.ROOT, silent, "10m"))),
                    new ResponseListener() {
                        @Override
                        public void onSuccess(Response response) {
                            first.onResponse(response);
                        }

                        @Override
                        public void onFailure(Exception e) {
                            first.onFailure(e);
                        }
                    });
                safeAwait(RecordingReranker.SILENT.called(), TimeValue.timeValueMinutes(5));
                // waits in the queue of one, past its deadline
                queued = oneNode.performRequest(request(rescore(StandInModels.SILENT, 5, "\"size\": 5,",
                    String.format(Locale.ROOT, silent, "50ms"))));
                // finds the queue full
                refused = oneNode.performRequest(request(rescore(StandInModels.FAILING, 5, "\"size\": 5,",
                    ", \"strategy\": \"pointwise\"")));
            } finally {
                RecordingReranker.SILENT.openGate();
            }
            holding = first.get(5, TimeUnit.MINUTES);
        }
        assertEquals("reranked", header(holding).get("status"));
        assertEquals("timeout", header(queued).get("fallback_cause"));
        assertEquals(firstStage, ids(hits(body(refused))));
        Map<String, Object> header = header(refused);
        assertEquals("fallback", header.get("status"));
        assertEquals("rejected", header.get("fallback_cause"));
        assertEquals("the inference queue of this node is full", header.get("fallback_reason"));

        Map<String, Object> stats = stats("?nodes=" + node.getNode().getId());
        Map<String, Object> cluster = cluster(stats);
        assertEquals(3, cluster.get("queries"));
        assertEquals(1, fallbacks(cluster).get("rejected"));
        assertEquals(1, fallbacks(cluster).get("timeout"));
        assertEquals(1, cluster.get("reranked_queries"));
        // the queued search's task leaves the queue once the thread is free: wait for it, so no later test finds the queue full
        assertBusy(() -> {
            Map<String, Object> inference = map(map(map(stats("?nodes=" + node.getNode().getId()), "nodes"), node.getNode().getId()),
                "inference");
            assertEquals(0, inference.get("queue_depth"));
            assertEquals(0, inference.get("active"));
        }, 5, TimeUnit.MINUTES);
    }

    public void testStatsCountWhatTheClientSentAcrossBothNodes() throws IOException {
        for (int i = 0; i < 3; i++) {
            search(retriever(RecordingReranker.BY_LENGTH, 5, ""));
        }
        search(rescore(RecordingReranker.BY_LENGTH, 4, "\"size\": 4,", ""));
        search(rescore(RecordingReranker.BY_LENGTH, 4, "\"size\": 4,", ""));
        search(rescore(StandInModels.FAILING, 4, "\"size\": 4,", ", \"strategy\": \"pointwise\""));
        search(rescore(RecordingReranker.BY_LENGTH, 2, "\"from\": 4, \"size\": 2,", "")); // a page past the window
        // refused with a 400: never reaches the rerank stage, not counted
        error("POST", "/docs/_search", rescore("nope", 4, "", ""));

        Map<String, Object> body = stats("");
        Map<String, Object> cluster = cluster(body);
        assertEquals(6, cluster.get("queries"));
        assertEquals(5, cluster.get("reranked_queries"));
        assertEquals(3 * 5 + 2 * 4, cluster.get("reranked_docs"));
        assertEquals(1, cluster.get("skipped_pages"));
        assertEquals(1, cluster.get("fallbacks_total"));
        assertEquals(1, fallbacks(cluster).get("model_error"));
        assertEquals(5, slice(cluster, "by_model", RecordingReranker.BY_LENGTH).get("reranked_queries"));
        assertEquals(1, slice(cluster, "by_model", StandInModels.FAILING).get("fallbacks_total"));
        assertEquals(5, slice(cluster, "by_strategy", EMBEDDING).get("reranked_queries"));
        assertEquals(6, ((Number) slice(cluster, "by_index", "docs").get("reranked_queries")).intValue()
            + ((Number) slice(cluster, "by_index", "docs").get("fallbacks_total")).intValue());
        assertEquals("every query's latency is recorded", 6, latency(cluster).get("count"));
        double flops = RecordingReranker.RESULTS.stream().filter(r -> r.outcome() != null).mapToDouble(r -> r.outcome().estimatedFlops()).sum();
        assertEquals(flops, ((Number) cluster.get("flops_estimated")).doubleValue(), 0);
        assertEquals(flops, ((Number) cluster.get("flops_counted")).doubleValue(), 0);
        assertEquals(5, cluster.get("counted_queries"));
        assertEquals(23, map(cluster, "layers").get("sequences"));
        assertEquals(23 * RecordingReranker.LAYERS, map(cluster, "layers").get("executed"));

        Map<String, Object> counts = map(body, "_nodes");
        assertEquals(2, counts.get("total"));
        assertEquals(2, counts.get("successful"));
        Map<String, Object> nodes = map(body, "nodes");
        assertEquals(2, nodes.size());
        for (String stat : List.of("queries", "reranked_queries", "reranked_docs", "skipped_pages", "fallbacks_total")) {
            int sum = 0;
            for (Object node : nodes.values()) {
                @SuppressWarnings("unchecked")
                Map<String, Object> n = (Map<String, Object>) node;
                sum += ((Number) n.get(stat)).intValue();
            }
            assertEquals(stat + ": the cluster section adds the nodes up", ((Number) cluster.get(stat)).intValue(), sum);
        }
        for (Object node : nodes.values()) {
            @SuppressWarnings("unchecked")
            Map<String, Object> n = (Map<String, Object>) node;
            // the REST client takes the nodes in turn: both coordinated searches
            assertTrue(n.toString(), ((Number) n.get("queries")).intValue() > 0);
            assertEquals(Set.of("threads", "active", "queue_depth", "queue_capacity", "rejected", "completed"), map(n, "inference").keySet());
            assertTrue(n.toString(), map(n, "models").containsKey("bge-small"));
        }

        String oneNode = nodes.keySet().iterator().next();
        Map<String, Object> only = stats("?nodes=" + oneNode);
        assertEquals(List.of(oneNode), new ArrayList<>(map(only, "nodes").keySet()));
        @SuppressWarnings("unchecked")
        Map<String, Object> thatNode = (Map<String, Object>) nodes.get(oneNode);
        assertEquals(thatNode.get("queries"), cluster(only).get("queries"));

        Map<String, Object> oneStat = stats("/fallbacks_total");
        assertEquals(Map.of("fallbacks_total", 1), map(oneStat, "cluster"));
    }

    public void testEvalReadsEachSearchsDetailsAndRecordsTheJudgedReranks() throws IOException {
        Request eval = new Request("POST", "/_llm_rerank/_eval");
        eval.setJsonEntity(String.format(Locale.ROOT, """
            {"index": "docs", "k": 5, "requests": [{"id": "q1", "request": {"query": {"match": {"text": "%s"}}, "size": 5,
              "rescore": {"window_size": 5, "llm_rerank": {"field": "text", "model": "%s"}}}}], "qrels": {"q1": {"3": 2, "1": 1}}}""",
            QUERY, RecordingReranker.BY_LENGTH));
        Response r = getRestClient().performRequest(eval);
        assertNull("the evaluation's searches hand their details to it, not to its response", r.getHeader(DetailsHeader.NAME));
        @SuppressWarnings("unchecked")
        Map<String, Object> query = (Map<String, Object>) ((List<?>) body(r).get("per_query")).get(0);
        assertEquals("reranked", query.get("status"));
        double flops = RecordingReranker.RESULTS.stream().filter(x -> x.outcome() != null).mapToDouble(x -> x.outcome().estimatedFlops())
            .sum();
        assertTrue(flops > 0);

        Map<String, Object> judged = map(cluster(stats("")), "judged");
        assertEquals(1, judged.get("queries"));
        assertEquals(flops, ((Number) judged.get("flops_estimated")).doubleValue(), 0);
    }

    public void testResetAnswersTheCountsAndZeroesThem() throws IOException {
        search(retriever(RecordingReranker.BY_LENGTH, 5, ""));
        search(rescore(RecordingReranker.BY_LENGTH, 4, "\"size\": 4,", ""));

        Request reset = new Request("POST", "/_llm_rerank/stats/_reset");
        Map<String, Object> before = cluster(body(getRestClient().performRequest(reset)));
        assertEquals(2, before.get("reranked_queries"));

        Map<String, Object> after = cluster(stats(""));
        assertEquals(0, after.get("queries"));
        assertEquals(0, after.get("reranked_queries"));
        assertEquals(Map.of(), after.get("by_model"));
    }

    public void testStatsRequestErrorsAre400sNamingTheField() throws IOException {
        String unknownStat = error("GET", "/_llm_rerank/stats/nope", null);
        assertTrue(unknownStat, unknownStat.contains("[stat] unknown stat [nope]"));
        String unknownParam = error("GET", "/_llm_rerank/stats?colour=red", null);
        assertTrue(unknownParam, unknownParam.contains("colour"));
    }

    public void testRetrieverExplainCarriesTheModelScore() throws IOException {
        List<Map<String, Object>> hits = hits(body(search(retriever(RecordingReranker.BY_LENGTH, 5, "").replaceFirst("\\{",
            "{\"explain\": true, "))));
        assertEquals(5, hits.size());
        for (Map<String, Object> hit : hits) {
            Map<String, Object> explanation = map(hit, "_explanation");
            float score = ((Number) hit.get("_score")).floatValue();
            assertEquals(score, ((Number) explanation.get("value")).floatValue(), 0f);
            String description = (String) explanation.get("description");
            int length = TEXTS[Integer.parseInt((String) hit.get("_id")) - 1].length();
            assertTrue(description, description.startsWith("llm_rerank: model [" + RecordingReranker.BY_LENGTH + "] score [" + (float) length
                + "] by [" + EMBEDDING + "], rank ["));
            assertFalse("the first stage's explanation follows", ((List<?>) explanation.get("details")).isEmpty());
        }
    }

    public void testRescoreExplainCarriesTheModelScoreOnTopOfTheFirstStage() throws IOException {
        List<Map<String, Object>> hits = hits(body(search(rescore(RecordingReranker.BY_LENGTH, 3, "\"explain\": true, \"size\": 5,", ""))));
        assertEquals(5, hits.size());
        for (int i = 0; i < hits.size(); i++) {
            Map<String, Object> hit = hits.get(i);
            Map<String, Object> explanation = map(hit, "_explanation");
            assertEquals(((Number) hit.get("_score")).floatValue(), ((Number) explanation.get("value")).floatValue(), 0f);
            String description = (String) explanation.get("description");
            if (i < 3) {
                int length = TEXTS[Integer.parseInt((String) hit.get("_id")) - 1].length();
                assertTrue(description, description.startsWith("llm_rerank: model [" + RecordingReranker.BY_LENGTH + "] score [" + (float) length
                    + "] by [" + EMBEDDING + "], rank [" + (i + 1) + "]"));
                @SuppressWarnings("unchecked")
                Map<String, Object> first = (Map<String, Object>) ((List<?>) explanation.get("details")).get(0);
                assertFalse("the first stage's explanation, below the rerank's", ((String) first.get("description")).startsWith("llm_rerank"));
            } else {
                assertFalse("past the window: the first stage's explanation only", description.startsWith("llm_rerank"));
            }
        }
    }

    // ---- requests

    private static String retriever(String model, int window, String clauseExtra) {
        return String.format(Locale.ROOT, """
            {"retriever": {"llm_rerank": {"retriever": {"standard": {"query": {"match": {"text": "%s"}}}},
              "field": "text", "model": "%s", "rank_window_size": %d%s}}}""", QUERY, model, window, clauseExtra);
    }

    private static String rescore(String model, int window, String page, String clauseExtra) {
        return String.format(Locale.ROOT, """
            {"query": {"match": {"text": "%s"}}, %s
             "rescore": {"window_size": %d, "llm_rerank": {"field": "text", "model": "%s"%s}}}""", QUERY, page, window, model, clauseExtra);
    }

    private static String firstStage(int size) {
        return "{\"query\": {\"match\": {\"text\": \"" + QUERY + "\"}}, \"size\": " + size + "}";
    }

    private static Response search(String body) throws IOException {
        return getRestClient().performRequest(request(body));
    }

    private static Request request(String searchBody) {
        Request r = new Request("POST", "/docs/_search");
        r.setJsonEntity(searchBody);
        return r;
    }

    private static Map<String, Object> stats(String suffix) throws IOException {
        return body(getRestClient().performRequest(new Request("GET", "/_llm_rerank/stats" + suffix)));
    }

    /** The body of the 400 the request must get. */
    private static String error(String method, String path, String body) throws IOException {
        return HttpSearches.error(getRestClient(), method, path, body);
    }

    // ---- what came back

    /** Characters of the texts in the one window the reranker was handed. */
    private static int windowChars() {
        assertEquals(1, RecordingReranker.CALLS.size());
        return RecordingReranker.CALLS.peek().hits().stream().mapToInt(h -> h.text() == null ? 0 : h.text().length()).sum();
    }

    /** The details of the one result the reranker answered, rendered by the code that renders OpenSearch's ext. */
    private static Map<String, Object> expectedDetails() {
        assertEquals(1, RecordingReranker.CALLS.size());
        assertEquals(1, RecordingReranker.RESULTS.size());
        RecordingReranker.Call call = RecordingReranker.CALLS.peek();
        RerankResult result = RecordingReranker.RESULTS.peek();
        return json(DetailsHeader.value(RerankDetails.render(call.options(), call.hits().size(), result, 0, 0)));
    }

    private static void assertEqualsIgnoringTimings(Map<String, Object> expected, Map<String, Object> actual) {
        Map<String, Object> e = new HashMap<>(expected);
        Map<String, Object> a = new HashMap<>(actual);
        for (String t : TIMINGS) {
            assertEquals(t, e.containsKey(t), a.containsKey(t));
            e.remove(t);
            a.remove(t);
        }
        assertEquals(e, a);
    }

    private static Map<String, Object> header(Response r) {
        String value = r.getHeader(DetailsHeader.NAME);
        assertNotNull("no " + DetailsHeader.NAME + " header", value);
        return json(value);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Map<String, Object> m, String key) {
        Object v = m.get(key);
        assertNotNull(key + " in " + m, v);
        return (Map<String, Object>) v;
    }

    private static Map<String, Object> cluster(Map<String, Object> stats) {
        return map(stats, "cluster");
    }

    private static Map<String, Object> fallbacks(Map<String, Object> section) {
        return map(section, "fallbacks");
    }

    private static Map<String, Object> latency(Map<String, Object> section) {
        return map(section, "latency_ms");
    }

    private static Map<String, Object> slice(Map<String, Object> section, String breakdown, String key) {
        return map(map(section, breakdown), key);
    }
}
