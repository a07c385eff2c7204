package org.llmrerank.integ;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Against a real OpenSearch 3.8.0 node (the integ-test-zip distribution) with the built plugin zip
 * installed, started by bin/opensearch-node on 127.0.0.1 exactly as the main job starts it (once per JVM: {@link RealNode}).
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class RealNodeIT {

    private static final Path DATA = Path.of(System.getProperty("trecdl.dir", "../../shared/data/trec-dl"));
    private static RestJson node;
    private static Dl19 dl19;

    @BeforeAll
    static void startNode() throws Exception {
        dl19 = Dl19.load(DATA);
        // shared with the YAML REST tests (same JVM, either order): they may have reranked already
        node = RealNode.start();
        node.ok("POST", "/_plugins/_llm_rerank/stats/_reset", null);
    }

    @Test
    @Order(1)
    @SuppressWarnings("unchecked")
    void dl19RerankThroughTheClauseMatchesTheModelOutsideOpenSearch() throws Exception {
        Dl19Index.create(node, "dl19", 1, dl19);
        Dl19Runner.Result r = new Dl19Runner(node, "dl19").run(dl19.queries(), dl19.qrels(), "bge-small", 1);
        System.out.println(r.report());
        assertEquals(43, r.queries());
        assertEquals(0, r.fallbacks());
        assertEquals(0.5058, r.ndcgFirstStage(), 5e-5, "the replayed first stage must be the published BM25 run");
        // bge-small-en-v1.5 int8 reaches 0.690 on this data outside OpenSearch (routing's DL19 test)
        assertTrue(r.ndcgReranked() >= 0.68, "reranked NDCG@10 " + r.ndcgReranked());

        // the stats (reset after the warm-up query) cover exactly these 43 queries
        Dl19Runner runner = new Dl19Runner(node, "dl19");
        Map<String, Object> stats = runner.clusterStats();
        System.out.println(StatsSummary.ofSearches(stats));
        assertEquals(43, ((Number) stats.get("reranked_queries")).intValue(), stats.toString());
        assertEquals(r.flopsEstimatedPerQuery() * 43, ((Number) stats.get("flops_estimated")).doubleValue(), 1e-6 * r.flopsEstimatedPerQuery() * 43);
        Map<String, Object> layers = (Map<String, Object>) stats.get("layers");
        assertEquals(12.0, ((Number) ((Map<String, Object>) layers.get("layers_per_sequence")).get("executed")).doubleValue(), 0.0,
            "ONNX Runtime runs all 12 layers of bge-small for every sequence");

        // _eval over the same queries runs the same path: the same NDCG, and its RPP lands in the stats' judged section
        Map<String, Object> eval = runner.evaluate(dl19.queries(), dl19.qrels(), "bge-small");
        Map<String, Object> after = runner.clusterStats();
        System.out.println(StatsSummary.ofEval(eval, after));
        assertEquals(r.ndcgReranked(), ((Number) ((Map<String, Object>) eval.get("reranked")).get("ndcg@10")).doubleValue(), 1e-9);
        assertEquals(r.ndcgFirstStage(), ((Number) ((Map<String, Object>) eval.get("first_stage")).get("ndcg@10")).doubleValue(), 1e-9);
        Map<String, Object> judged = (Map<String, Object>) after.get("judged");
        assertEquals(43, ((Number) judged.get("queries")).intValue());
        assertEquals(((Number) eval.get("rpp")).doubleValue(), ((Number) judged.get("rpp")).doubleValue(),
            1e-9 * ((Number) eval.get("rpp")).doubleValue());
    }

    /**
     * bge-small on our routed runtime inside the node (DJL PyTorch, fp32, shipped in the plugin zip): the runtime counts
     * the FLOPs it executes, and the stats compare them with the estimate for the same queries.
     */
    @Test
    @Order(2)
    @SuppressWarnings("unchecked")
    void routedRuntimeCountsItsFlopsWithinTwoPercentOfTheEstimate() throws Exception {
        node.ok("POST", "/_plugins/_llm_rerank/stats/_reset", null);
        List<Dl19.Query> few = dl19.queries().subList(0, 3);
        Dl19Runner.Result r = new Dl19Runner(node, "dl19").run(few, dl19.qrels(), "bge-small-routed", 1);
        System.out.println(r.report());
        assertEquals(0, r.fallbacks());
        Map<String, Object> stats = new Dl19Runner(node, "dl19").clusterStats();
        Map<String, Object> byModel = (Map<String, Object>) ((Map<String, Object>) stats.get("by_model")).get("bge-small-routed");
        assertEquals(3, ((Number) byModel.get("counted_queries")).intValue(), byModel.toString());
        double ratio = ((Number) byModel.get("counted_to_estimated")).doubleValue();
        assertTrue(ratio >= 1.0 && ratio <= 1.02, "counted / estimated " + ratio);
        Map<String, Object> model = (Map<String, Object>) ((Map<String, Object>) stats.get("models")).get("bge-small-routed");
        assertTrue(((Number) model.get("weight_bytes")).longValue() > 100_000_000L, model.toString());
    }

    @Test
    @Order(3)
    void fiveShardsGiveTheSameOrderAsOne() throws Exception {
        Dl19Index.create(node, "dl19_5", 5, dl19);
        for (Dl19.Query q : dl19.queries().subList(0, 3)) {
            List<String> one = ids(node.ok("POST", "/dl19/_search", Dl19Runner.search(q, "bge-small")));
            List<String> five = ids(node.ok("POST", "/dl19_5/_search", Dl19Runner.search(q, "bge-small")));
            assertEquals(one, five, "query " + q.qid());
            assertEquals(10, one.size());
        }
    }

    @Test
    @Order(4)
    void badInputIsA400NamingTheField() throws Exception {
        assertBadRequest(Map.of("model", "nope", "field", "text", "query_text", "x"), "[llm_rerank.model] unknown model [nope]");
        assertBadRequest(Map.of("model", "bge-small", "field", "bm25", "query_text", "x"), "[llm_rerank.field] [bm25] in index [dl19] is of type [float]");
        assertBadRequest(Map.of("model", "bge-small", "field", "text", "query_text", "x", "strategy", "quick"), "[strategy] unknown value [quick]");
        assertBadRequest(Map.of("model", "bge-small", "field", "text", "query_text", "x", "flops_budget", "-2tf"), "[flops_budget] must not be negative");
        assertBadRequest(Map.of("model", "bge-small", "field", "text", "query_text", "   "), "[query_text] must not be empty");
        RestJson.Reply window = node.call("POST", "/dl19/_search", Map.of("query", Map.of("match", Map.of("text", "fleas")),
            "rescore", Map.of("window_size", 5000, "llm_rerank", Map.of("model", "bge-small", "field", "text"))));
        assertEquals(400, window.status(), window.body().toString());
        assertTrue(window.body().toString().contains("[rescore.window_size] [5000] is above the cluster limit"), window.body().toString());
    }

    @Test
    @Order(5)
    void statsCountTheQueries() throws Exception {
        RestJson.Reply s = node.ok("GET", "/_plugins/_llm_rerank/stats", null);
        Map<String, Object> stats = s.at("cluster");
        // since the reset of the routed test: its 3 timed queries, then 3 queries on each of the two indices
        assertEquals(3 + 6, ((Number) stats.get("reranked_queries")).intValue(), stats.toString());
        assertEquals(0, ((Number) stats.get("fallbacks_total")).intValue());
    }

    /**
     * Dr.LLM routers trained by {@code bin/llm-rerank train-routers} (a short run: MCTS over the first two DL19 queries'
     * layer paths, then the routers' training) serve inside the node once registered beside the bundled routed bge-small:
     * on queries they were not trained on, the node's stats show layers skipped and fewer FLOPs counted than the same
     * searches at full depth.
     */
    @Test
    @Order(6)
    @SuppressWarnings("unchecked")
    void routersWrittenByTrainRoutersSkipLayersInTheNodesStats() throws Exception {
        Path routers = RealNode.MODELS_DIR.resolve("trained-routers").resolve("routers.bin");
        Files.createDirectories(routers.getParent());
        Path log = routers.getParent().resolve("train-routers.log");
        Process training = new ProcessBuilder(RealNode.REPO.resolve("bin/llm-rerank").toString(), "train-routers",
            "--model", "bge-small", "--data-dir", DATA.toAbsolutePath().toString(), "--train-queries", "2", "--per-query", "4",
            "--simulations", "4", "--epochs", "5", "--out", routers.toString())
            .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        assertEquals(0, training.waitFor(), () -> "train-routers failed: " + read(log));
        System.out.println(read(log));
        node.ok("PUT", "/_plugins/_llm_rerank/models/bge-trained-routers",
            Map.of("path", "trained-routers", "base", "bge-small-routed"));
        try {
            if (node.call("HEAD", "/dl19", null).status() == 404) { // this test run on its own
                Dl19Index.create(node, "dl19", 1, dl19);
            }
            // held out: the run's first two queries trained the routers
            List<Dl19.Query> heldOut = dl19.queries().subList(2, 5);
            Dl19Runner runner = new Dl19Runner(node, "dl19");
            // each run resets the stats after its warm-up query: read them after each
            System.out.println(runner.run(heldOut, dl19.qrels(), "bge-trained-routers", 1).report());
            Map<String, Object> trained = (Map<String, Object>) ((Map<String, Object>) runner.clusterStats().get("by_model"))
                .get("bge-trained-routers");
            System.out.println(runner.run(heldOut, dl19.qrels(), "bge-small-routed", 1).report());
            Map<String, Object> full = (Map<String, Object>) ((Map<String, Object>) runner.clusterStats().get("by_model"))
                .get("bge-small-routed");
            System.out.println("trained routers: " + trained.get("layers") + "; full depth: " + full.get("layers"));
            assertEquals(3, ((Number) trained.get("counted_queries")).intValue(), trained.toString());
            assertEquals(3, ((Number) full.get("counted_queries")).intValue(), full.toString());
            assertEquals(0, ((Number) ((Map<String, Object>) full.get("layers")).get("skipped")).intValue(), full.toString());
            assertTrue(((Number) ((Map<String, Object>) trained.get("layers")).get("skipped")).intValue() > 0, trained.toString());
            assertTrue(((Number) trained.get("flops_counted")).doubleValue() < ((Number) full.get("flops_counted")).doubleValue(),
                "counted FLOPs: trained routers " + trained.get("flops_counted") + ", full depth " + full.get("flops_counted"));
        } finally {
            node.ok("DELETE", "/_plugins/_llm_rerank/models/bge-trained-routers", null);
        }
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            return "(no log: " + e + ")";
        }
    }

    private static void assertBadRequest(Map<String, Object> clause, String expected) throws Exception {
        RestJson.Reply r = node.call("POST", "/dl19/_search",
            Map.of("query", Map.of("match", Map.of("text", "fleas")), "rescore", Map.of("window_size", 10, "llm_rerank", clause)));
        assertEquals(400, r.status(), r.body().toString());
        assertTrue(r.body().toString().contains(expected), "expected [" + expected + "] in " + r.body());
    }

    @SuppressWarnings("unchecked")
    private static List<String> ids(RestJson.Reply r) {
        List<Map<String, Object>> hits = r.at("hits", "hits");
        return hits.stream().map(h -> (String) ((Map<String, Object>) h.get("_source")).get("docid")).toList();
    }
}
