package org.llmrerank.plugin;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.opensearch.action.search.SearchResponse;
import org.opensearch.action.search.SearchType;
import org.opensearch.client.ResponseException;
import org.opensearch.common.settings.Settings;
import org.opensearch.index.query.QueryBuilders;
import org.opensearch.search.SearchHit;
import org.opensearch.search.builder.SearchSourceBuilder;
import org.opensearch.test.OpenSearchIntegTestCase;

import static org.opensearch.test.hamcrest.OpenSearchAssertions.assertAcked;

/**
 * Several in-JVM nodes with real HTTP: the clause parsed from JSON, results independent of the shard
 * count (equal to reranking the merged global top window), 400s over HTTP, the ext and explain in JSON.
 */
@OpenSearchIntegTestCase.ClusterScope(scope = OpenSearchIntegTestCase.Scope.SUITE, numDataNodes = 3, numClientNodes = 0, supportsDedicatedMasters = false)
public class LlmRerankClusterTests extends HttpNodesTestCase {




    /** Documents with a random number of foxes among random filler, so BM25 and the stand-in disagree. */
    private void indexCorpus(String index, int shards, long seed) {
        assertAcked(prepareCreate(index).setSettings(Settings.builder().put("index.number_of_shards", shards).put("index.number_of_replicas", 0))
            .setMapping("text", "type=text"));
        java.util.Random r = new java.util.Random(seed);
        String[] filler = {"cat", "dog", "bird", "tree", "river", "stone", "cloud", "lamp"};
        for (int i = 0; i < 120; i++) {
            StringBuilder sb = new StringBuilder();
            int foxes = 1 + r.nextInt(5);
            int words = foxes + r.nextInt(30);
            for (int w = 0; w < words; w++) {
                sb.append(w < foxes ? "fox" : filler[r.nextInt(filler.length)]).append(' ');
            }
            client().prepareIndex(index).setId("d" + i).setSource("text", sb.toString().trim()).get();
        }
        refresh(index);
    }

    private static int foxes(String text) {
        return (int) Arrays.stream(text.split("\\s+")).filter("fox"::equals).count();
    }

    public void testResultEqualsRerankingTheMergedGlobalTopWindowOnAnyShardCount() {
        for (int shards : new int[] {1, 5}) {
            String index = "corpus_" + shards;
            indexCorpus(index, shards, 7);
            int window = 30;
            SearchSourceBuilder q = new SearchSourceBuilder().query(QueryBuilders.matchQuery("text", "fox")).size(window);
            // the test client randomises the search type per request: pin it so both requests see the same BM25 statistics
            SearchResponse firstStage = client().prepareSearch(index).setSearchType(SearchType.QUERY_THEN_FETCH).setSource(q).get();
            List<SearchHit> global = new ArrayList<>(Arrays.asList(firstStage.getHits().getHits()));
            assertEquals(window, global.size());
            // the reference: rerank the merged global top window directly, stable on first-stage order
            List<String> expected = global.stream()
                .sorted(Comparator.comparingInt((SearchHit h) -> -foxes((String) h.getSourceAsMap().get("text"))))
                .map(SearchHit::getId).toList();
            SearchResponse reranked = client().prepareSearch(index).setSearchType(SearchType.QUERY_THEN_FETCH)
                .setSource(q.addRescorer(new LlmRerankRescorerBuilder().model("stand-in-term-count").field("text").windowSize(window))).get();
            List<String> got = Arrays.stream(reranked.getHits().getHits()).map(SearchHit::getId).toList();
            assertEquals("shards=" + shards, expected, got);
        }
    }

    private static int statusOf(String path, String json) throws Exception {
        try {
            call("POST", path, json);
            return 200;
        } catch (ResponseException e) {
            String body = new String(e.getResponse().getEntity().getContent().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
            assertFalse("a 400 must not carry a 500 cause: " + body, body.contains("\"status\":500"));
            return e.getResponse().getStatusLine().getStatusCode();
        }
    }

    @SuppressWarnings("unchecked")
    public void testJsonClauseExtAndExplainOverHttp() throws Exception {
        indexCorpus("http_docs", 2, 11);
        Map<String, Object> r = call("POST", "/http_docs/_search", """
            {"size": 5, "explain": true, "query": {"match": {"text": "fox"}},
             "rescore": {"window_size": 20, "llm_rerank": {"model": "stand-in-term-count", "field": "text", "timeout": "10m", "flops_budget": "5tf"}}}""");
        Map<String, Object> ext = (Map<String, Object>) ((Map<String, Object>) r.get("ext")).get("llm_rerank");
        assertEquals("reranked", ext.get("status"));
        assertEquals(20, ext.get("window_size"));
        assertEquals("5tf", ext.get("flops_budget"));
        List<Map<String, Object>> hits = (List<Map<String, Object>>) ((Map<String, Object>) r.get("hits")).get("hits");
        assertEquals(5, hits.size());
        for (Map<String, Object> h : hits) {
            Map<String, Object> expl = (Map<String, Object>) h.get("_explanation");
            assertTrue(((String) expl.get("description")).startsWith("llm_rerank: model [stand-in-term-count]"));
            assertEquals(((Number) h.get("_score")).doubleValue(), ((Number) expl.get("value")).doubleValue(), 0);
        }
    }

    public void testBadClausesAre400sOverHttp() throws Exception {
        indexCorpus("bad_docs", 1, 3);
        String[] bad = {
            "{\"llm_rerank\": {\"model\": \"nope\", \"field\": \"text\"}}",
            "{\"llm_rerank\": {\"model\": \"stand-in-term-count\", \"field\": \"missing\"}}",
            "{\"llm_rerank\": {\"model\": \"stand-in-term-count\", \"field\": \"text\", \"strategy\": \"bogus\"}}",
            "{\"llm_rerank\": {\"model\": \"stand-in-term-count\", \"field\": \"text\", \"flops_budget\": \"-1\"}}",
            "{\"llm_rerank\": {\"model\": \"stand-in-term-count\", \"field\": \"text\", \"unknown\": 1}}",
            "{\"window_size\": 100000, \"llm_rerank\": {\"model\": \"stand-in-term-count\", \"field\": \"text\"}}",
        };
        for (String clause : bad) {
            String body = String.format(Locale.ROOT, "{\"query\": {\"match\": {\"text\": \"fox\"}}, \"rescore\": %s}", clause);
            assertEquals(clause, 400, statusOf("/bad_docs/_search", body));
        }
        // a dynamic cluster ceiling applies at once
        call("PUT", "/_cluster/settings", "{\"transient\": {\"plugins.llm_rerank.max_window_size\": 5}}");
        try {
            assertEquals(400, statusOf("/bad_docs/_search",
                "{\"query\": {\"match\": {\"text\": \"fox\"}}, \"rescore\": {\"window_size\": 6, \"llm_rerank\": {\"model\": \"stand-in-term-count\", \"field\": \"text\"}}}"));
        } finally {
            call("PUT", "/_cluster/settings", "{\"transient\": {\"plugins.llm_rerank.max_window_size\": null}}");
        }
    }

    @SuppressWarnings("unchecked")
    public void testClusterStatsAreSumsOverNodesAndResetNeedsItsOwnEndpoint() throws Exception {
        indexCorpus("stats_docs", 3, 5);
        call("POST", "/_plugins/_llm_rerank/stats/_reset", null);
        int completedBefore = ((Number) ((Map<String, Object>) ((Map<String, Object>) call("GET", "/_plugins/_llm_rerank/stats", null)
            .get("cluster")).get("inference")).get("completed")).intValue();
        int searches = 7;
        for (int i = 0; i < searches; i++) {
            // the Java client picks a random node: the work spreads over coordinating nodes
            client().prepareSearch("stats_docs").setSource(new SearchSourceBuilder().query(QueryBuilders.matchQuery("text", "fox"))
                .addRescorer(new LlmRerankRescorerBuilder().model("stand-in-term-count").field("text").windowSize(10))).get();
        }
        Map<String, Object> stats = call("GET", "/_plugins/_llm_rerank/stats", null);
        Map<String, Object> nodes = (Map<String, Object>) stats.get("nodes");
        assertEquals(3, nodes.size());
        long sum = 0;
        for (Object n : nodes.values()) {
            sum += ((Number) ((Map<String, Object>) n).get("reranked_queries")).longValue();
        }
        Map<String, Object> cluster = (Map<String, Object>) stats.get("cluster");
        assertEquals(searches, sum);
        assertEquals(searches, ((Number) cluster.get("reranked_queries")).intValue());
        assertEquals(searches * 10, ((Number) cluster.get("reranked_docs")).intValue());
        Map<String, Object> byIndex = (Map<String, Object>) ((Map<String, Object>) cluster.get("by_index")).get("stats_docs");
        assertEquals(searches, ((Number) byIndex.get("reranked_queries")).intValue());
        Map<String, Object> byModel = (Map<String, Object>) ((Map<String, Object>) cluster.get("by_model")).get("stand-in-term-count");
        assertEquals(searches, ((Number) byModel.get("reranked_queries")).intValue());
        assertNotNull(((Map<String, Object>) cluster.get("latency_ms")).get("p99"));
        // gauges: each node's inference executor (idle now) and its models' load state; the cluster sums queue depths
        for (Object n : nodes.values()) {
            Map<String, Object> inference = (Map<String, Object>) ((Map<String, Object>) n).get("inference");
            assertEquals(0, ((Number) inference.get("queue_depth")).intValue());
            assertTrue(((Number) inference.get("queue_capacity")).intValue() > 0);
            assertTrue(((Number) inference.get("completed")).intValue() >= 0);
            Map<String, Object> bge = (Map<String, Object>) ((Map<String, Object>) ((Map<String, Object>) n).get("models")).get("bge-small");
            assertTrue(bge.toString(), Set.of("loaded", "not_loaded").contains(bge.get("state")));
        }
        assertEquals(0, ((Number) ((Map<String, Object>) cluster.get("inference")).get("queue_depth")).intValue());
        assertEquals(searches, ((Number) ((Map<String, Object>) cluster.get("inference")).get("completed")).intValue()
            - completedBefore);
        double flops = ((Number) cluster.get("flops_estimated")).doubleValue();
        assertEquals(searches / (flops / 1e15), ((Number) cluster.get("qpp_estimated")).doubleValue(), 1e-6);
        // one stat, one node
        String nodeId = nodes.keySet().iterator().next();
        Map<String, Object> one = call("GET", "/_plugins/_llm_rerank/" + nodeId + "/stats/reranked_queries", null);
        assertEquals(1, ((Map<String, Object>) one.get("nodes")).size());
        assertEquals(Set.of("reranked_queries"), ((Map<String, Object>) one.get("cluster")).keySet());
        // a real model loads on the node that coordinates its first search: its state and weight memory show there
        client().prepareSearch("stats_docs").setSource(new SearchSourceBuilder().query(QueryBuilders.matchQuery("text", "fox"))
            .addRescorer(new LlmRerankRescorerBuilder().model("all-minilm-l6-v2").field("text").windowSize(3))).get();
        Map<String, Object> cluster2 = (Map<String, Object>) call("GET", "/_plugins/_llm_rerank/stats", null).get("cluster");
        Map<String, Object> minilm = (Map<String, Object>) ((Map<String, Object>) cluster2.get("models")).get("all-minilm-l6-v2");
        // the int8 graph is about 23 MB; summed over nodes, and only the loading node holds it
        long weights = ((Number) minilm.get("weight_bytes")).longValue();
        assertTrue("weight bytes " + weights, weights > 20_000_000L && weights < 30_000_000L);
        assertFalse("load time is per node, not summed", minilm.containsKey("load_ms"));
        // reset returns the old values and zeroes the counters
        Map<String, Object> before = call("POST", "/_plugins/_llm_rerank/stats/_reset", null);
        assertEquals(searches + 1, ((Number) ((Map<String, Object>) before.get("cluster")).get("reranked_queries")).intValue());
        Map<String, Object> after = (Map<String, Object>) call("GET", "/_plugins/_llm_rerank/stats", null).get("cluster");
        assertEquals(0, ((Number) after.get("reranked_queries")).intValue());
    }

    @SuppressWarnings("unchecked")
    public void testEvalRunsJudgedQueriesThroughTheSearchPathAndRecordsRpp() throws Exception {
        indexCorpus("eval_docs", 2, 13);
        // judge every document by its number of foxes (grade 0..3): the stand-in's order is then the ideal one
        StringBuilder qrels = new StringBuilder();
        SearchResponse all = client().prepareSearch("eval_docs").setSize(200).get();
        for (SearchHit h : all.getHits().getHits()) {
            int grade = Math.min(3, foxes((String) h.getSourceAsMap().get("text")) - 1);
            qrels.append("q1 0 ").append(h.getId()).append(' ').append(grade).append('\n');
        }
        call("POST", "/_plugins/_llm_rerank/stats/_reset", null);
        String body = "{\"index\": \"eval_docs\", \"qrels_trec\": \"" + qrels.toString().replace("\n", "\\n") + "\", \"requests\": [{\"id\": \"q1\", \"request\": "
            + "{\"size\": 10, \"query\": {\"match\": {\"text\": \"fox\"}}, \"rescore\": {\"window_size\": 200, "
            + "\"llm_rerank\": {\"model\": \"stand-in-term-count\", \"field\": \"text\"}}}}]}";
        Map<String, Object> report = call("POST", "/_plugins/_llm_rerank/_eval", body);
        assertEquals(1, report.get("queries"));
        double reranked = ((Number) ((Map<String, Object>) report.get("reranked")).get("ndcg@10")).doubleValue();
        double firstStage = ((Number) ((Map<String, Object>) report.get("first_stage")).get("ndcg@10")).doubleValue();
        assertEquals(1.0, reranked, 1e-9);
        assertTrue("BM25 " + firstStage + " must be below the oracle's 1.0", firstStage < 0.99);
        double pflops = ((Number) report.get("pflops_per_query_estimated")).doubleValue();
        assertEquals(reranked / pflops, ((Number) report.get("rpp")).doubleValue(), 1e-6 * reranked / pflops);
        Map<String, Object> judged = (Map<String, Object>) ((Map<String, Object>) call("GET", "/_plugins/_llm_rerank/stats", null)
            .get("cluster")).get("judged");
        assertEquals(1, ((Number) judged.get("queries")).intValue());
        assertEquals(((Number) report.get("rpp")).doubleValue(), ((Number) judged.get("rpp")).doubleValue(), 1e-6 * reranked / pflops);
        // bad bodies: every problem named at once, a 400
        assertEquals(400, statusOf("/_plugins/_llm_rerank/_eval", "{\"requests\": [{\"request\": {}}], \"bogus\": 1}"));
        try {
            call("POST", "/_plugins/_llm_rerank/_eval", "{\"requests\": [{\"id\": \"x\", \"request\": {}}], \"qrels_trec\": \"a b c\"}");
            fail("expected a 400");
        } catch (ResponseException e) {
            String msg = new String(e.getResponse().getEntity().getContent().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
            for (String field : List.of("[index]", "[qrels_trec]", "[requests][0][request] has no [rescore.llm_rerank]")) {
                assertTrue(field + " missing from " + msg, msg.contains(field));
            }
        }
    }
}
