package org.llmrerank.elasticsearch;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.elasticsearch.core.TimeValue;
import org.elasticsearch.action.admin.cluster.node.info.NodeInfo;
import org.elasticsearch.client.Request;
import org.elasticsearch.client.Response;
import org.elasticsearch.client.ResponseException;
import org.elasticsearch.client.ResponseListener;
import org.elasticsearch.client.RestClient;
import org.elasticsearch.common.settings.Settings;
import org.elasticsearch.plugins.Plugin;
import org.elasticsearch.test.ESIntegTestCase;
import org.elasticsearch.test.transport.MockTransportService;
import org.elasticsearch.transport.TransportService;
import org.elasticsearch.transport.netty4.Netty4Plugin;
import org.junit.After;
import org.junit.Before;
import org.llmrerank.elasticsearch.inference.EsInferenceService;
import org.llmrerank.elasticsearch.inference.InferenceAction;
import org.llmrerank.scheduler.SchedulerStats;

/**
 * Inference nodes on Elasticsearch: a node started with {@code node.attr.llm_inference: true} (and
 * {@code plugins.llm_rerank.inference.node_attribute: llm_inference} on every node) serves the model for the searches
 * the other nodes coordinate. The stand-in models record the node they ran on. When an inference node cannot be
 * reached the window goes to the next one; when none can, the search keeps first-stage order; when every one rejects it
 * for a full queue, the search is a 429 with a Retry-After. The data stays on the first node, so no search depends on
 * the inference nodes for its hits, and nothing waits on time: a gate holds the model where the test needs it held.
 */
@ESIntegTestCase.ClusterScope(scope = ESIntegTestCase.Scope.TEST, numDataNodes = 0, numClientNodes = 0, supportsDedicatedMasters = false)
public class InferenceNodesClusterTests extends ESIntegTestCase {

    private static final String ATTR = "llm_inference";

    @Override
    protected Collection<Class<? extends Plugin>> nodePlugins() {
        // the mock transport lets a test refuse the inference action between two nodes
        return List.of(InferenceNodesTestPlugin.class, Netty4Plugin.class, MockTransportService.TestPlugin.class);
    }

    @Override
    protected boolean addMockHttpTransport() {
        return false; // real Netty HTTP: each search goes to the node the test names
    }

    @Override
    protected Settings nodeSettings(int nodeOrdinal, Settings otherSettings) {
        return Settings.builder().put(super.nodeSettings(nodeOrdinal, otherSettings))
            .put("plugins.llm_rerank.inference.node_attribute", ATTR)
            .put("plugins.llm_rerank.inference.flops_per_second", 1e12) // no start-up calibration of a real model
            .build();
    }

    @Before
    public void clearRecords() {
        InferenceNodesTestPlugin.RAN_ON.clear();
        InferenceNodesTestPlugin.gate = new CountDownLatch(0);
    }

    @After
    public void openGate() {
        InferenceNodesTestPlugin.gate.countDown();
    }

    private static Settings inferenceNode() {
        return Settings.builder().put("node.attr." + ATTR, "true").build();
    }

    /** Documents whose first-stage order (BM25 on "fox") differs from the stand-in's (how many times "fox" occurs). */
    private void indexDocsOn(String node) {
        prepareCreate("docs").setSettings(Settings.builder().put("index.number_of_shards", 1).put("index.number_of_replicas", 0)
            .put("index.routing.allocation.require._name", node)).setMapping("text", "type=text").get();
        for (int i = 0; i < 12; i++) {
            int foxes = 1 + (i * 7) % 5;
            prepareIndex("docs").setId("d" + i).setSource("text", ("fox ".repeat(foxes) + "cat ".repeat(3 * foxes + i % 4)).trim()).get();
        }
        indicesAdmin().prepareRefresh("docs").get();
        ensureGreen("docs");
    }

    private static String body(String model) {
        return String.format(Locale.ROOT, """
            {"size": 10, "query": {"match": {"text": "fox"}},
             "rescore": {"window_size": 12, "llm_rerank": {"model": "%s", "field": "text", "timeout": "5m"}}}""", model);
    }

    private static RestClient restClient(String node) {
        List<NodeInfo> info = clusterAdmin().prepareNodesInfo(node).get().getNodes();
        assertEquals(1, info.size());
        return createRestClient(info, null, "http");
    }

    private static Map<String, Object> search(RestClient client, String model) throws IOException {
        return HttpSearches.search(client, "docs", body(model));
    }

    private static List<Integer> foxCounts(Map<String, Object> response) {
        List<Integer> out = new ArrayList<>();
        for (Map<String, Object> hit : HttpSearches.hits(response)) {
            out.add((int) List.of(HttpSearches.text(hit).split(" ")).stream().filter("fox"::equals).count());
        }
        return out;
    }

    private static void assertRerankedByFoxCount(Map<String, Object> response) {
        List<Integer> counts = foxCounts(response);
        assertEquals(10, counts.size());
        for (int i = 1; i < counts.size(); i++) {
            assertTrue("fox count descending: " + counts, counts.get(i - 1) >= counts.get(i));
        }
    }

    private static SchedulerStats stats(String node) {
        return internalCluster().getInstance(EsInferenceService.class, node).stats();
    }

    public void testSearchesOnTheOtherNodesAreRerankedOnTheInferenceNode() throws Exception {
        String data = internalCluster().startNode();
        String plain = internalCluster().startNode();
        String inference = internalCluster().startNode(inferenceNode());
        ensureStableCluster(3);
        indexDocsOn(data);
        for (String coordinator : List.of(data, plain)) {
            try (RestClient client = restClient(coordinator)) {
                for (int i = 0; i < 3; i++) {
                    assertRerankedByFoxCount(search(client, InferenceNodesTestPlugin.TERM_COUNT));
                }
            }
            assertEquals(3, stats(coordinator).dispatchedRemote.sum());
            assertEquals("nothing ran in the coordinator's own scheduler", 0, stats(coordinator).submitted.sum());
        }
        assertEquals(6, stats(inference).submitted.sum());
        assertEquals("every model call ran on the inference node", Set.of(inference), Set.copyOf(InferenceNodesTestPlugin.RAN_ON));
        assertEquals(6, InferenceNodesTestPlugin.RAN_ON.size());
    }

    /** Nodes with no inference node in the cluster rerank their own searches, as before: the scheduler is not involved. */
    public void testWithoutInferenceNodesEachNodeReranksItsOwnSearches() throws Exception {
        String data = internalCluster().startNode();
        String plain = internalCluster().startNode();
        ensureStableCluster(2);
        indexDocsOn(data);
        try (RestClient client = restClient(plain)) {
            assertRerankedByFoxCount(search(client, InferenceNodesTestPlugin.TERM_COUNT));
        }
        assertEquals(List.of(plain), List.copyOf(InferenceNodesTestPlugin.RAN_ON));
        assertEquals(0, stats(plain).dispatchedRemote.sum() + stats(plain).dispatchedLocal.sum());
    }

    private MockTransportService transportOf(String node) {
        return (MockTransportService) internalCluster().getInstance(TransportService.class, node);
    }

    public void testAnInferenceNodeThatCannotAnswerIsFailedOver() throws Exception {
        String coordinator = internalCluster().startNode();
        String unreachable = internalCluster().startNode(inferenceNode());
        String serving = internalCluster().startNode(inferenceNode());
        ensureStableCluster(3);
        indexDocsOn(coordinator);
        MockTransportService t = transportOf(coordinator);
        t.addFailToSendNoConnectRule(internalCluster().getInstance(TransportService.class, unreachable), InferenceAction.NAME);
        try (RestClient client = restClient(coordinator)) {
            // two nodes with equal predicted waits take turns going first: within two searches the unreachable one is tried
            for (int i = 0; i < 4; i++) {
                assertRerankedByFoxCount(search(client, InferenceNodesTestPlugin.TERM_COUNT));
            }
        } finally {
            t.clearAllRules();
        }
        // a refused connection can make the nodes re-check each other; the framework's end-of-test checks want a stable
        // cluster, which a loaded machine reaches later than their own ten-second wait
        ensureStableCluster(3, TimeValue.timeValueMinutes(5));
        SchedulerStats c = stats(coordinator);
        assertTrue("the unreachable node was tried: " + c.snapshot(), c.nodeFailures.sum() >= 1);
        assertEquals(c.snapshot().toString(), c.nodeFailures.sum(), c.failovers.sum());
        assertEquals(Set.of(serving), Set.copyOf(InferenceNodesTestPlugin.RAN_ON));
        assertEquals(4, stats(serving).submitted.sum());
        assertEquals(0, stats(unreachable).submitted.sum());
    }

    public void testWhenNoInferenceNodeCanAnswerTheSearchKeepsFirstStageOrder() throws Exception {
        String coordinator = internalCluster().startNode();
        String first = internalCluster().startNode(inferenceNode());
        String second = internalCluster().startNode(inferenceNode());
        ensureStableCluster(3);
        indexDocsOn(coordinator);
        MockTransportService t = transportOf(coordinator);
        t.addFailToSendNoConnectRule(internalCluster().getInstance(TransportService.class, first), InferenceAction.NAME);
        t.addFailToSendNoConnectRule(internalCluster().getInstance(TransportService.class, second), InferenceAction.NAME);
        Map<String, Object> response;
        try (RestClient client = restClient(coordinator)) {
            response = search(client, InferenceNodesTestPlugin.TERM_COUNT);
        } finally {
            t.clearAllRules();
        }
        // a refused connection can make the nodes re-check each other; the framework's end-of-test checks want a stable
        // cluster, which a loaded machine reaches later than their own ten-second wait
        ensureStableCluster(3, TimeValue.timeValueMinutes(5));
        assertEquals(10, foxCounts(response).size());
        assertEquals("both nodes were tried", 2, stats(coordinator).nodeFailures.sum());
        assertTrue("no model ran", InferenceNodesTestPlugin.RAN_ON.isEmpty());
    }

    public void testEveryInferenceNodeRejectingIsA429WithRetryAfter() throws Exception {
        String coordinator = internalCluster().startNode();
        // one worker and a queue of one: a held program and a queued one fill it
        String inference = internalCluster().startNode(Settings.builder().put(inferenceNode())
            .put("plugins.llm_rerank.inference.concurrency", 1).put("plugins.llm_rerank.inference.queue_size", 1).build());
        ensureStableCluster(2);
        indexDocsOn(coordinator);
        EsInferenceService served = internalCluster().getInstance(EsInferenceService.class, inference);
        InferenceNodesTestPlugin.gate = new CountDownLatch(1);
        List<CompletableFuture<Response>> held = new ArrayList<>();
        try (RestClient client = restClient(coordinator)) {
            try {
                held.add(searchAsync(client));
                assertBusy(() -> assertEquals(1, served.stats().started.sum()), 5, TimeUnit.MINUTES);
                held.add(searchAsync(client));
                assertBusy(() -> assertEquals(1, served.scheduler().queued()), 5, TimeUnit.MINUTES);
                Request req = new Request("POST", "/docs/_search");
                req.setJsonEntity(body(InferenceNodesTestPlugin.GATED));
                ResponseException e = expectThrows(ResponseException.class, () -> client.performRequest(req));
                assertEquals(429, e.getResponse().getStatusLine().getStatusCode());
                String retryAfter = e.getResponse().getHeader("Retry-After");
                assertNotNull("Retry-After header", retryAfter);
                assertTrue(Long.parseLong(retryAfter) >= 1);
                assertEquals(1, stats(coordinator).rejectedToUser.sum());
                assertEquals(1, served.stats().rejected.sum());
            } finally {
                InferenceNodesTestPlugin.gate.countDown();
            }
            for (CompletableFuture<Response> f : held) {
                assertEquals(200, f.get(10, TimeUnit.MINUTES).getStatusLine().getStatusCode());
            }
        }
        assertEquals(Set.of(inference), Set.copyOf(InferenceNodesTestPlugin.RAN_ON));
    }

    private static CompletableFuture<Response> searchAsync(RestClient client) {
        Request req = new Request("POST", "/docs/_search");
        req.setJsonEntity(body(InferenceNodesTestPlugin.GATED));
        CompletableFuture<Response> f = new CompletableFuture<>();
        client.performRequestAsync(req, new ResponseListener() {
            @Override
            public void onSuccess(Response response) {
                f.complete(response);
            }

            @Override
            public void onFailure(Exception exception) {
                f.completeExceptionally(exception);
            }
        });
        return f;
    }
}
