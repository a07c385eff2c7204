package org.llmrerank.plugin;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.llmrerank.plugin.inference.InferenceAction;
import org.llmrerank.plugin.inference.InferenceRequest;
import org.llmrerank.plugin.inference.InferenceResponse;
import org.llmrerank.plugin.inference.InferenceService;
import org.llmrerank.routing.Cancellation;
import org.llmrerank.rest.stats.RerankCounters;
import org.llmrerank.scheduler.SchedulerStats;
import org.opensearch.action.ActionRequestValidationException;
import org.opensearch.action.search.SearchResponse;
import org.opensearch.action.search.SearchType;
import org.opensearch.action.support.PlainActionFuture;
import org.opensearch.cluster.node.DiscoveryNode;
import org.opensearch.cluster.service.ClusterService;
import org.opensearch.common.action.ActionFuture;
import org.opensearch.common.settings.Settings;
import org.opensearch.common.unit.TimeValue;
import org.opensearch.core.common.io.stream.StreamInput;
import org.opensearch.core.common.io.stream.StreamOutput;
import org.opensearch.index.query.QueryBuilders;
import org.opensearch.plugins.Plugin;
import org.opensearch.search.SearchExtBuilder;
import org.opensearch.search.SearchHit;
import org.opensearch.search.builder.SearchSourceBuilder;
import org.opensearch.test.InternalTestCluster;
import org.opensearch.test.OpenSearchIntegTestCase;
import org.opensearch.test.transport.MockTransportService;
import org.opensearch.threadpool.ThreadPool;
import org.opensearch.transport.TransportException;
import org.opensearch.transport.TransportRequest;
import org.opensearch.transport.TransportResponseHandler;
import org.opensearch.transport.TransportService;

import static org.opensearch.test.hamcrest.OpenSearchAssertions.assertAcked;

/**
 * A coordinating node holding the data and two inference nodes (node attribute {@code llm_inference: true}): windows go
 * to the inference nodes over the transport action; killing one mid-load loses no search and no hit; malformed
 * payloads are refused cleanly and the nodes keep serving.
 */
@OpenSearchIntegTestCase.ClusterScope(scope = OpenSearchIntegTestCase.Scope.TEST, numDataNodes = 0, numClientNodes = 0,
    supportsDedicatedMasters = false)
public class InferenceNodesClusterTests extends OpenSearchIntegTestCase {

    private static final String ATTR = "llm_inference";

    @Override
    protected Collection<Class<? extends Plugin>> nodePlugins() {
        // the mock transport lets a test drop or refuse the inference action between two nodes
        return List.of(InferenceTestPlugin.class, MockTransportService.TestPlugin.class);
    }

    @Override
    protected Settings nodeSettings(int nodeOrdinal) {
        return Settings.builder().put(super.nodeSettings(nodeOrdinal)).put(TestLlmRerankPlugin.farDefaultDeadline())
            .put("plugins.llm_rerank.inference.node_attribute", ATTR)
            .put("plugins.llm_rerank.inference.flops_per_second", 1e12) // no start-up calibration of the real model in tests
            .build();
    }

    private String coordinator;
    private String inference1;
    private String inference2;

    private void startCluster() throws Exception {
        coordinator = internalCluster().startNode();
        Settings inference = Settings.builder().put("node.attr." + ATTR, "true").build();
        inference1 = internalCluster().startDataOnlyNode(inference);
        inference2 = internalCluster().startDataOnlyNode(inference);
        ensureStableCluster(3);
        // the data stays on the coordinating node, so that killing an inference node cannot lose a shard
        assertAcked(prepareCreate("docs").setSettings(Settings.builder().put("index.number_of_shards", 1).put("index.number_of_replicas", 0)
            .put("index.routing.allocation.require._name", coordinator)).setMapping("text", "type=text"));
        java.util.Random r = new java.util.Random(11);
        String[] filler = {"cat", "dog", "bird", "tree", "river", "stone"};
        for (int i = 0; i < 80; i++) {
            StringBuilder sb = new StringBuilder();
            int foxes = 1 + r.nextInt(5);
            int words = foxes + r.nextInt(25);
            for (int w = 0; w < words; w++) {
                sb.append(w < foxes ? "fox" : filler[r.nextInt(filler.length)]).append(' ');
            }
            client(coordinator).prepareIndex("docs").setId("d" + i).setSource("text", sb.toString().trim()).get();
        }
        client(coordinator).admin().indices().prepareRefresh("docs").get();
        ensureGreen("docs");
    }

    private SearchSourceBuilder search(String model) {
        return new SearchSourceBuilder().query(QueryBuilders.matchQuery("text", "fox")).size(10)
            .addRescorer(new LlmRerankRescorerBuilder().model(model).field("text").windowSize(30));
    }

    private static Map<String, Object> ext(SearchResponse r) {
        for (SearchExtBuilder b : r.getInternalResponse().getSearchExtBuilders()) {
            if (b instanceof RerankResponseExt e) {
                return e.details();
            }
        }
        throw new AssertionError("no llm_rerank ext");
    }

    private SchedulerStats stats(String node) {
        return internalCluster().getInstance(InferenceService.class, node).stats();
    }

    private static int foxes(SearchHit h) {
        return (int) java.util.Arrays.stream(((String) h.getSourceAsMap().get("text")).split("\\s+")).filter("fox"::equals).count();
    }

    public void testWindowsGoToInferenceNodesAndTheResultIsTheSame() throws Exception {
        startCluster();
        for (int i = 0; i < 8; i++) {
            SearchResponse r = client(coordinator).prepareSearch("docs").setSearchType(SearchType.QUERY_THEN_FETCH)
                .setSource(search("stand-in-term-count")).get();
            Map<String, Object> ext = ext(r);
            assertEquals(ext.toString(), "reranked", ext.get("status"));
            @SuppressWarnings("unchecked")
            Map<String, Object> sched = (Map<String, Object>) ext.get("scheduler");
            assertTrue(ext.toString(), Set.of(inference1, inference2).contains(sched.get("node")));
            // the stand-in's order: fox count descending (ties in first-stage order), as a local rerank would give
            SearchHit[] hits = r.getHits().getHits();
            assertEquals(10, hits.length);
            for (int h = 1; h < hits.length; h++) {
                assertTrue(foxes(hits[h - 1]) >= foxes(hits[h]));
            }
        }
        assertEquals(8, stats(coordinator).dispatchedRemote.sum());
        assertEquals(0, stats(coordinator).dispatchedLocal.sum());
        assertEquals(0, stats(coordinator).submitted.sum());
        assertEquals(8, stats(inference1).submitted.sum() + stats(inference2).submitted.sum());
        assertTrue("both idle inference nodes get work", stats(inference1).submitted.sum() > 0 && stats(inference2).submitted.sum() > 0);
    }

    /**
     * The gated model holds every call until the node is dead, so the kill lands while the node has a program started
     * and more queued, on a fast machine as on a busy one.
     */
    public void testKillingAnInferenceNodeMidLoadLosesNoSearch() throws Exception {
        startCluster();
        List<ActionFuture<SearchResponse>> futures = new ArrayList<>();
        InferenceTestPlugin.gate = new CountDownLatch(1);
        try {
            for (int i = 0; i < 60; i++) {
                futures.add(client(coordinator).prepareSearch("docs").setSearchType(SearchType.QUERY_THEN_FETCH)
                    .setSource(search(InferenceTestPlugin.GATED)).execute());
            }
            assertBusy(() -> assertTrue(stats(inference1).started.sum() >= 1), 5, TimeUnit.MINUTES);
            internalCluster().stopRandomNode(InternalTestCluster.nameFilter(inference1));
        } finally {
            InferenceTestPlugin.gate.countDown();
        }
        int reranked = 0;
        for (ActionFuture<SearchResponse> f : futures) {
            SearchResponse r = f.actionGet(10, TimeUnit.MINUTES); // no search fails
            SearchHit[] hits = r.getHits().getHits();
            assertEquals(10, hits.length);
            Set<String> ids = new HashSet<>();
            for (SearchHit h : hits) {
                assertTrue("no hit duplicated", ids.add(h.getId()));
            }
            Map<String, Object> ext = ext(r);
            if ("reranked".equals(ext.get("status"))) {
                reranked++;
                for (int h = 1; h < hits.length; h++) {
                    assertTrue(foxes(hits[h - 1]) >= foxes(hits[h]));
                }
            }
        }
        SchedulerStats c = stats(coordinator);
        assertTrue("the failure shows in the stats: " + c.snapshot(), c.nodeFailures.sum() >= 1);
        assertTrue("failed programs went to the surviving node: " + c.snapshot(), c.failovers.sum() >= 1);
        assertEquals("all completed on the surviving node", 60, reranked);
    }

    private MockTransportService coordinatorTransport() {
        return (MockTransportService) internalCluster().getInstance(TransportService.class, coordinator);
    }

    /** The coordinator's inference requests to {@code node} vanish: no answer, no error, so only its transport timeout ends them. */
    private void dropInferenceRequestsTo(String node) {
        coordinatorTransport().addSendBehavior(internalCluster().getInstance(TransportService.class, node),
            (connection, requestId, action, request, options) -> {
                if (InferenceAction.NAME.equals(action) == false) {
                    connection.sendRequest(requestId, action, request, options);
                }
            });
    }

    /**
     * An inference node that does not answer within the deadline is a deadline miss: the program is given up as a
     * timeout and the node is not counted as failed. The transport timeout is the only thing that ends the dispatch
     * here (the requests are dropped, nothing answers), so the outcome does not depend on machine speed.
     */
    public void testTransportTimeoutIsATimeoutNotANodeFailure() throws Exception {
        startCluster();
        dropInferenceRequestsTo(inference1);
        dropInferenceRequestsTo(inference2);
        InferenceService coord = internalCluster().getInstance(InferenceService.class, coordinator);
        PlainActionFuture<InferenceService.Dispatched> f = new PlainActionFuture<>();
        coord.dispatch("stand-in-term-count", "fox", List.of("fox fox", "dog"), TimeValue.timeValueMillis(500), new Cancellation(), f);
        InferenceService.Dispatched d = f.actionGet(30, TimeUnit.SECONDS);
        assertNull("nothing ran", d.result());
        assertEquals(d.toString(), org.llmrerank.rescorer.pipeline.FallbackCause.TIMEOUT, d.cause());
        SchedulerStats c = stats(coordinator);
        assertEquals("a transport timeout is not a node failure: " + c.snapshot(), 0, c.nodeFailures.sum());
        assertEquals(c.snapshot().toString(), 1, c.nodeTimeouts.sum());
        // through a search: the first-stage order comes back marked as a deadline miss
        SearchResponse r = client(coordinator).prepareSearch("docs").setSearchType(SearchType.QUERY_THEN_FETCH)
            .setSource(new SearchSourceBuilder().query(QueryBuilders.matchQuery("text", "fox")).size(10)
                .addRescorer(new LlmRerankRescorerBuilder().model("stand-in-term-count").field("text").windowSize(30).timeout("500ms")))
            .get();
        assertEquals(ext(r).toString(), "timeout", ext(r).get("fallback_cause"));
        assertEquals(c.snapshot().toString(), 0, c.nodeFailures.sum());
        coordinatorTransport().clearAllRules();
    }

    /** When every inference node fails (here: refuses the connection), the search keeps its order and says so. */
    public void testEveryInferenceNodeFailingIsANodeFailure() throws Exception {
        startCluster();
        MockTransportService t = coordinatorTransport();
        t.addFailToSendNoConnectRule(internalCluster().getInstance(TransportService.class, inference1), InferenceAction.NAME);
        t.addFailToSendNoConnectRule(internalCluster().getInstance(TransportService.class, inference2), InferenceAction.NAME);
        SearchResponse r = client(coordinator).prepareSearch("docs").setSearchType(SearchType.QUERY_THEN_FETCH)
            .setSource(search("stand-in-term-count")).get();
        Map<String, Object> ext = ext(r);
        assertEquals(ext.toString(), "fallback", ext.get("status"));
        assertEquals(ext.toString(), "node_failure", ext.get("fallback_cause"));
        assertEquals("both nodes were tried", 2, stats(coordinator).nodeFailures.sum());
        assertEquals(10, r.getHits().getHits().length);
        t.clearAllRules();
    }

    /** Writes a request that claims a million passages, or stops in the middle. */
    private static final class MalformedRequest extends TransportRequest {
        final boolean truncated;

        MalformedRequest(boolean truncated) {
            this.truncated = truncated;
        }

        @Override
        public void writeTo(StreamOutput out) throws IOException {
            super.writeTo(out);
            out.writeString("stand-in-term-count");
            if (truncated == false) {
                out.writeString("fox");
                out.writeVInt(1_000_000);
            }
        }
    }

    private TransportException sendMalformed(boolean truncated) throws Exception {
        TransportService ts = internalCluster().getInstance(TransportService.class, coordinator);
        DiscoveryNode target = internalCluster().getInstance(ClusterService.class, inference1).localNode();
        AtomicReference<Object> got = new AtomicReference<>();
        CountDownLatch done = new CountDownLatch(1);
        ts.sendRequest(target, InferenceAction.NAME, new MalformedRequest(truncated), new TransportResponseHandler<InferenceResponse>() {
            @Override
            public InferenceResponse read(StreamInput in) throws IOException {
                return new InferenceResponse(in);
            }

            @Override
            public void handleResponse(InferenceResponse response) {
                got.set(response);
                done.countDown();
            }

            @Override
            public void handleException(TransportException exp) {
                got.set(exp);
                done.countDown();
            }

            @Override
            public String executor() {
                return ThreadPool.Names.SAME;
            }
        });
        assertTrue(done.await(30, TimeUnit.SECONDS));
        assertTrue("must be refused, got " + got.get(), got.get() instanceof TransportException);
        return (TransportException) got.get();
    }

    public void testMalformedPayloadsAreRejectedCleanly() throws Exception {
        startCluster();
        TransportException tooMany = sendMalformed(false);
        assertTrue(tooMany.getDetailedMessage(), tooMany.getDetailedMessage().contains("passage count [1000000] outside [0, 10000]"));
        sendMalformed(true);
        // well-formed but invalid: a validation error naming each field
        ActionRequestValidationException invalid = expectThrows(ActionRequestValidationException.class,
            () -> client(coordinator).execute(InferenceAction.INSTANCE, new InferenceRequest(" ", "", List.of(), 0)).actionGet());
        assertTrue(invalid.getMessage(), invalid.getMessage().contains("[model] must not be empty")
            && invalid.getMessage().contains("[query] must not be empty") && invalid.getMessage().contains("[timeout] must be positive"));
        // the nodes still serve
        SearchResponse r = client(coordinator).prepareSearch("docs").setSearchType(SearchType.QUERY_THEN_FETCH)
            .setSource(search("stand-in-term-count")).get();
        assertEquals("reranked", ext(r).get("status"));
    }
}
