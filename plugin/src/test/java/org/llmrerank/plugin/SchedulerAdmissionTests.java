package org.llmrerank.plugin;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.llmrerank.plugin.inference.InferenceService;
import org.opensearch.action.search.SearchResponse;
import org.opensearch.client.Request;
import org.opensearch.client.Response;
import org.opensearch.client.ResponseException;
import org.opensearch.common.action.ActionFuture;
import org.opensearch.common.settings.Settings;
import org.opensearch.index.query.QueryBuilders;
import org.opensearch.plugins.Plugin;
import org.opensearch.search.builder.SearchSourceBuilder;
import org.opensearch.test.OpenSearchIntegTestCase;
import org.opensearch.transport.Netty4ModulePlugin;

import static org.opensearch.test.hamcrest.OpenSearchAssertions.assertAcked;

/**
 * One node, no inference node: the scheduler runs locally (policy certaindex) with one worker and a queue of one.
 * Over capacity a search is answered 429 with a Retry-After header over real HTTP, and it is counted.
 */
@OpenSearchIntegTestCase.ClusterScope(scope = OpenSearchIntegTestCase.Scope.SUITE, numDataNodes = 1, numClientNodes = 0,
    supportsDedicatedMasters = false)
public class SchedulerAdmissionTests extends HttpNodesTestCase {

    @Override
    protected Collection<Class<? extends Plugin>> nodePlugins() {
        return List.of(InferenceTestPlugin.class, Netty4ModulePlugin.class);
    }


    @Override
    protected Settings nodeSettings(int nodeOrdinal) {
        return Settings.builder().put(super.nodeSettings(nodeOrdinal))
            .put("plugins.llm_rerank.scheduler.policy", "certaindex")
            .put("plugins.llm_rerank.inference.queue_size", 1)
            .put("plugins.llm_rerank.inference.flops_per_second", 1e12)
            .put("plugins.llm_rerank.inference.calibration_model", "")
            .build();
    }

    public void testOverCapacityIsA429WithRetryAfterAndCounted() throws Exception {
        assertAcked(prepareCreate("adm").setSettings(Settings.builder().put("index.number_of_shards", 1).put("index.number_of_replicas", 0))
            .setMapping("text", "type=text"));
        for (int i = 0; i < 20; i++) {
            client().prepareIndex("adm").setId("d" + i).setSource("text", "fox " + "cat ".repeat(i)).get();
        }
        refresh("adm");
        InferenceTestPlugin.release = new CountDownLatch(1);
        InferenceService inference = internalCluster().getInstance(InferenceService.class);
        SearchSourceBuilder q = new SearchSourceBuilder().query(QueryBuilders.matchQuery("text", "fox")).size(5)
            .addRescorer(new LlmRerankRescorerBuilder().model(InferenceTestPlugin.BLOCKING).field("text").windowSize(10));
        List<ActionFuture<SearchResponse>> held = new ArrayList<>();
        try {
            held.add(client().prepareSearch("adm").setSource(q).execute()); // runs, blocks its worker
            assertBusy(() -> assertEquals(1, inference.stats().started.sum()), 5, TimeUnit.MINUTES);
            held.add(client().prepareSearch("adm").setSource(q).execute()); // waits in the queue of one
            assertBusy(() -> assertEquals(1, inference.scheduler().queued()), 5, TimeUnit.MINUTES);
            Request req = new Request("POST", "/adm/_search");
            req.setJsonEntity("{\"size\": 5, \"query\": {\"match\": {\"text\": \"fox\"}}, \"rescore\": {\"window_size\": 10, \"llm_rerank\": "
                + "{\"model\": \"" + InferenceTestPlugin.BLOCKING + "\", \"field\": \"text\", \"timeout\": \"60s\"}}}");
            ResponseException e = expectThrows(ResponseException.class, () -> getRestClient().performRequest(req));
            Response r = e.getResponse();
            assertEquals(429, r.getStatusLine().getStatusCode());
            String retryAfter = r.getHeader("Retry-After");
            assertNotNull("Retry-After header", retryAfter);
            assertTrue(Long.parseLong(retryAfter) >= 1);
            assertEquals(1, inference.stats().rejectedToUser.sum());
            assertEquals(1, inference.stats().rejected.sum());
        } finally {
            InferenceTestPlugin.release.countDown(); // the held worker never waits out its own limit
        }
        for (ActionFuture<SearchResponse> f : held) {
            assertEquals(5, f.actionGet().getHits().getHits().length);
        }
    }

    /** The batching knobs are dynamic cluster settings that reach the running scheduler; a bad value names its setting. */
    public void testBatchingKnobsAreDynamicAndValidated() {
        InferenceService inference = internalCluster().getInstance(InferenceService.class);
        assertEquals(org.llmrerank.plugin.inference.InferenceSettings.DEFAULT_MAX_BATCH_PROGRAMS,
            inference.scheduler().config().maxBatchPrograms());
        try {
            assertAcked(client().admin().cluster().prepareUpdateSettings().setTransientSettings(Settings.builder()
                .put("plugins.llm_rerank.scheduler.max_batch_programs", 8).put("plugins.llm_rerank.scheduler.max_batch_passages", 300)));
            assertEquals(8, inference.scheduler().config().maxBatchPrograms());
            assertEquals(300, inference.scheduler().config().maxBatchPassages());
            IllegalArgumentException e = expectThrows(IllegalArgumentException.class, () -> client().admin().cluster()
                .prepareUpdateSettings().setTransientSettings(Settings.builder().put("plugins.llm_rerank.scheduler.max_batch_programs", 0))
                .get());
            assertTrue(e.getMessage(), e.getMessage().contains("plugins.llm_rerank.scheduler.max_batch_programs"));
            assertEquals(8, inference.scheduler().config().maxBatchPrograms());
        } finally {
            assertAcked(client().admin().cluster().prepareUpdateSettings().setTransientSettings(Settings.builder()
                .putNull("plugins.llm_rerank.scheduler.max_batch_programs").putNull("plugins.llm_rerank.scheduler.max_batch_passages")));
        }
    }
}
