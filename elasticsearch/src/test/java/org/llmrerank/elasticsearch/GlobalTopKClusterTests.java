package org.llmrerank.elasticsearch;

import static org.llmrerank.elasticsearch.HttpSearches.hits;
import static org.llmrerank.elasticsearch.HttpSearches.ids;
import static org.llmrerank.elasticsearch.HttpSearches.text;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.elasticsearch.action.bulk.BulkRequestBuilder;
import org.elasticsearch.action.bulk.BulkResponse;
import org.elasticsearch.action.support.WriteRequest;
import org.elasticsearch.common.settings.Settings;
import org.elasticsearch.plugins.Plugin;
import org.elasticsearch.test.ESIntegTestCase;
import org.elasticsearch.transport.netty4.Netty4Plugin;
import org.junit.AfterClass;
import org.junit.Before;
import org.llmrerank.rescorer.Strategy;
import org.llmrerank.rescorer.pipeline.RerankOptions;
import org.llmrerank.rescorer.pipeline.RerankResult;
import org.llmrerank.routing.runtime.llama.StandInLlama;

/**
 * Whatever the shard count, both request surfaces rerank the merged global first-stage top {@code rank_window_size}:
 * on three nodes, an index of five shards reranked with a setwise strategy gives exactly the order the rerank pipeline
 * gives, outside Elasticsearch, to the top {@code rank_window_size} hits of a one-shard index of the same documents.
 *
 * <p>The model is a STAND-IN causal LM (a tiny random-weight Qwen2 checkpoint written here into the nodes' models
 * directory, see {@link StandInLlmReranker}); its judgements mean nothing, but they depend on which passages a setwise
 * prompt holds and in what order, so any other window, or the same window in another order, shows. The first stage is a
 * {@code function_score} that replaces the text match's score with a distinct per-document weight: BM25 would score
 * each shard by its own term statistics, and the five-shard index would not have the one-shard index's top hits.
 */
@ESIntegTestCase.ClusterScope(scope = ESIntegTestCase.Scope.SUITE, numDataNodes = 3, numClientNodes = 0, supportsDedicatedMasters = false)
public class GlobalTopKClusterTests extends ESIntegTestCase {

    private static final String SHARDED = "sharded";
    private static final String SINGLE = "single";
    private static final int SHARDS = 5;
    private static final int DOCS = 150;
    private static final int ROUNDS = 3;
    /** Far past any model time on any machine: a rerank that does not finish is a hung test, not a fallback. */
    private static final String TIMEOUT = "5m";
    /** The stand-in tokenizer's passage words: any other word would be an unknown token to it. */
    private static final List<String> WORDS = StandInLlama.WORDS.subList(StandInLlama.WORDS.indexOf("cat"), StandInLlama.WORDS.size());

    private static Path modelsDir;
    private static PipelineWindowReranker direct;

    @Override
    protected Collection<Class<? extends Plugin>> nodePlugins() {
        return List.of(StandInLlmPlugin.class, Netty4Plugin.class);
    }

    @Override
    protected boolean addMockHttpTransport() {
        return false; // real Netty HTTP, as in LlmRerankClusterTests
    }

    @Override
    protected Settings nodeSettings(int nodeOrdinal, Settings otherSettings) {
        if (modelsDir == null) {
            modelsDir = createTempDir("llm_rerank_models").toAbsolutePath();
            try {
                StandInLlama.write(modelsDir.resolve(StandInLlmReranker.MODEL), StandInLlama.Shape.QWEN2, 7, StandInLlama.Layout.SINGLE_F32);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return HttpSearches.withModelsDir(super.nodeSettings(nodeOrdinal, otherSettings), modelsDir);
    }

    @AfterClass
    public static void closeDirect() {
        if (direct != null) {
            direct.close();
        }
        direct = null;
        modelsDir = null;
    }

    @Before
    public void indexDocs() {
        if (indexExists(SHARDED)) {
            return;
        }
        prepareCreate(SHARDED).setSettings(Settings.builder().put("index.number_of_shards", SHARDS).put("index.number_of_replicas", 0))
            .setMapping("text", "type=text", "weight", "type=integer").get();
        prepareCreate(SINGLE).setSettings(Settings.builder().put("index.number_of_shards", 1).put("index.number_of_replicas", 0))
            .setMapping("text", "type=text", "weight", "type=integer").get();
        List<Integer> weights = new ArrayList<>();
        for (int i = 1; i <= DOCS; i++) {
            weights.add(i);
        }
        Collections.shuffle(weights, random());
        BulkRequestBuilder bulk = client().prepareBulk().setRefreshPolicy(WriteRequest.RefreshPolicy.IMMEDIATE);
        for (int i = 0; i < DOCS; i++) {
            Map<String, Object> source = Map.of("text", words(4, 14), "weight", weights.get(i));
            bulk.add(prepareIndex(SHARDED).setId("d" + i).setSource(source));
            bulk.add(prepareIndex(SINGLE).setId("d" + i).setSource(source));
        }
        BulkResponse indexed = bulk.get();
        assertFalse(indexed.buildFailureMessage(), indexed.hasFailures());
        ensureGreen(SHARDED, SINGLE);
        direct = StandInLlmReranker.direct(modelsDir);
    }

    public void testBothSurfacesRerankTheGlobalWindowWithSetwiseStrategies() throws IOException {
        int reordered = 0;
        for (int round = 0; round < ROUNDS; round++) {
            String query = words(2, 3);
            int window = randomIntBetween(8, 16);
            int topK = randomIntBetween(3, window);
            String firstStage = firstStage(query);

            // the reference: the one-shard index's top window (plus a few past it), reranked by the pipeline alone
            List<Map<String, Object>> single = hits(search(SINGLE, "{\"size\": " + (window + 5) + ", \"query\": " + firstStage + "}"));
            assertEquals("the query matches enough documents for a full window and a page past it", window + 5, single.size());
            List<String> singleIds = ids(single);
            // the five-shard first stage has the same global order (the scores do not depend on shard statistics), and
            // its window holds hits of several shards, so a rerank of one shard's window could not give the global result
            List<Map<String, Object>> sharded = hits(search(SHARDED, "{\"size\": " + window + ", \"explain\": true, \"query\": "
                + firstStage + "}"));
            assertEquals(singleIds.subList(0, window), ids(sharded));
            Set<Object> shards = new HashSet<>();
            sharded.forEach(h -> shards.add(h.get("_shard")));
            assertTrue("the window spans shards: " + shards, shards.size() > 1);

            for (Strategy strategy : List.of(Strategy.SETWISE_HEAPSORT, Strategy.SETWISE_BUBBLESORT)) {
                String label = "round " + round + ", " + strategy.clauseName() + ", query [" + query + "], window " + window
                    + ", top_k " + topK;
                List<String> expected = directRerank(query, single.subList(0, window), strategy, window, topK);
                reordered += expected.equals(singleIds.subList(0, window)) ? 0 : 1;

                String clause = String.format(Locale.ROOT, """
                    "field": "text", "model": "%s", "strategy": "%s", "top_k": %d, "timeout": "%s", "query_text": "%s\"""",
                    StandInLlmReranker.MODEL, strategy.clauseName(), topK, TIMEOUT, query);
                List<String> retriever = ids(hits(search(SHARDED, String.format(Locale.ROOT, """
                    {"size": %d, "retriever": {"llm_rerank": {"retriever": {"standard": {"query": %s}}, "rank_window_size": %d, %s}}}""",
                    window, firstStage, window, clause))));
                assertEquals(label + ": retriever", expected, retriever);

                List<String> rescore = ids(hits(search(SHARDED, String.format(Locale.ROOT, """
                    {"size": %d, "query": %s, "rescore": {"window_size": %d, "llm_rerank": {%s}}}""",
                    window + 5, firstStage, window, clause))));
                List<String> expectedPage = new ArrayList<>(expected);
                expectedPage.addAll(singleIds.subList(window, window + 5)); // past the window: first-stage order
                assertEquals(label + ": rescore", expectedPage, rescore);
            }
        }
        // a search that kept first-stage order (a fallback) is told apart from a rerank only where the rerank reorders
        assertTrue("the stand-in reorders at least one window", reordered > 0);
    }

    /** Matches the query's words, scored by the document's weight alone (distinct weights: no ties to break). */
    private static String firstStage(String query) {
        return String.format(Locale.ROOT, """
            {"function_score": {"query": {"match": {"text": "%s"}}, "field_value_factor": {"field": "weight"}, "boost_mode": "replace"}}""",
            query);
    }

    /** The order the pipeline gives {@code window} (first-stage order) on this thread, outside Elasticsearch. */
    private static List<String> directRerank(String query, List<Map<String, Object>> window, Strategy strategy, int windowSize, int topK) {
        RerankOptions options = new RerankOptions(List.of(SINGLE), StandInLlmReranker.MODEL, "text", strategy, strategy, windowSize, topK,
            Double.POSITIVE_INFINITY, Long.MAX_VALUE);
        RerankResult result = StandInLlmReranker.rerankNow(direct, query, window.stream().map(HttpSearches::text).toList(), options);
        assertEquals(result.reason(), RerankResult.Status.RERANKED, result.status());
        List<String> order = new ArrayList<>();
        for (int i : result.outcome().order()) {
            order.add((String) window.get(i).get("_id"));
        }
        return order;
    }

    private static String words(int min, int max) {
        int n = randomIntBetween(min, max);
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < n; i++) {
            sb.append(i == 0 ? "" : " ").append(randomFrom(WORDS));
        }
        return sb.toString();
    }

    private static Map<String, Object> search(String index, String body) throws IOException {
        return HttpSearches.search(getRestClient(), index, body);
    }
}
