package org.llmrerank.plugin;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.llmrerank.routing.crossencoder.CrossEncoderFamily;
import org.llmrerank.routing.crossencoder.CrossEncoderShape;
import org.llmrerank.routing.crossencoder.StandInCrossEncoder;
import org.llmrerank.routing.runtime.router.Decision;
import org.llmrerank.routing.runtime.router.LayerRouters;
import org.llmrerank.routing.runtime.router.Router;
import org.opensearch.common.settings.Settings;
import org.opensearch.test.OpenSearchIntegTestCase;

import static org.opensearch.test.hamcrest.OpenSearchAssertions.assertAcked;

/**
 * Cross-encoders through the models API and the clause on one node over real HTTP: STAND-IN BERT and XLM-RoBERTa
 * sequence classifiers (tiny random weights the test writes; no real reranker can be downloaded here, so their rankings
 * mean nothing), each as an ONNX graph on ONNX Runtime and as safetensors on the routed runtime, register and rerank
 * with {@code pointwise.cross_encoder}; both count their FLOPs (ONNX Runtime from the padded shapes it ran). Every bad file is a 400 naming it.
 *
 * <p>{@code -Dtests.llm_rerank.http_port} and {@code -Dtests.llm_rerank.transport_port} pin the node's ports.
 */
@OpenSearchIntegTestCase.ClusterScope(scope = OpenSearchIntegTestCase.Scope.SUITE, numDataNodes = 1, numClientNodes = 0, supportsDedicatedMasters = false)
public class CrossEncoderModelsTests extends HttpNodesTestCase {

    private static Path modelsDir;

    @Override
    protected Settings nodeSettings(int nodeOrdinal) {
        if (modelsDir == null) {
            modelsDir = createTempDir("cross_encoder_models").toAbsolutePath();
        }
        Settings.Builder b = Settings.builder().put(super.nodeSettings(nodeOrdinal)).put("plugins.llm_rerank.models_path", modelsDir.toString());
        String http = System.getProperty("tests.llm_rerank.http_port");
        String transport = System.getProperty("tests.llm_rerank.transport_port");
        if (http != null) {
            b.put("http.port", http);
        }
        if (transport != null) {
            b.put("transport.port", transport);
        }
        return b.build();
    }

    private static Path standIn(String name, CrossEncoderFamily family, int labels, StandInCrossEncoder.WeightFiles files) throws Exception {
        return StandInCrossEncoder.write(modelsDir.resolve(name), family, labels, files, 11);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> ext(Map<String, Object> response) {
        return (Map<String, Object>) ((Map<String, Object>) response.get("ext")).get("llm_rerank");
    }

    @SuppressWarnings("unchecked")
    private static List<Object> ids(Map<String, Object> response) {
        return ((List<Map<String, Object>>) ((Map<String, Object>) response.get("hits")).get("hits")).stream().map(h -> h.get("_id")).toList();
    }

    public void testStandInCrossEncodersRegisterAndRerankThroughTheClause() throws Exception {
        standIn("bert-onnx", CrossEncoderFamily.BERT, 2, StandInCrossEncoder.WeightFiles.ONNX);
        standIn("bert-safetensors", CrossEncoderFamily.BERT, 1, StandInCrossEncoder.WeightFiles.SAFETENSORS);
        standIn("xlmr-onnx", CrossEncoderFamily.XLM_ROBERTA, 1, StandInCrossEncoder.WeightFiles.ONNX);
        standIn("xlmr-safetensors", CrossEncoderFamily.XLM_ROBERTA, 2, StandInCrossEncoder.WeightFiles.SAFETENSORS);
        assertAcked(prepareCreate("cross_docs").setSettings(Settings.builder().put("index.number_of_shards", 1).put("index.number_of_replicas", 0))
            .setMapping("text", "type=text"));
        String[] texts = {"the fox jumps over the dog", "a red fox in the forest", "stock markets fell today", "foxes are small mammals",
            "recipe for a fox cake", "the quick brown fox"};
        for (int i = 0; i < texts.length; i++) {
            client().prepareIndex("cross_docs").setId("d" + i).setSource("text", texts[i]).get();
        }
        refresh("cross_docs");
        List<Object> firstStage = ids(call("POST", "/cross_docs/_search", "{\"size\": 6, \"query\": {\"match\": {\"text\": \"fox\"}}}"));
        for (String name : List.of("bert-onnx", "bert-safetensors", "xlmr-onnx", "xlmr-safetensors")) {
            assertEquals(Boolean.TRUE, call("PUT", "/_plugins/_llm_rerank/models/" + name, "{\"path\": \"" + name + "\"}").get("acknowledged"));
            call("POST", "/_plugins/_llm_rerank/stats/_reset", null);
            for (String strategy : List.of("pointwise.cross_encoder", "pointwise")) {
                Map<String, Object> r = call("POST", "/cross_docs/_search", String.format(Locale.ROOT, """
                    {"size": 6, "query": {"match": {"text": "fox"}},
                     "rescore": {"window_size": 6, "llm_rerank": {"model": "%s", "field": "text", "strategy": "%s", "top_k": 3}}}""",
                    name, strategy));
                Map<String, Object> ext = ext(r);
                assertEquals(name + " " + strategy + ": " + ext, "reranked", ext.get("status"));
                assertEquals(name + ": " + ext, "pointwise.cross_encoder", ext.get("strategy"));
                double estimated = ((Number) ext.get("flops_estimated")).doubleValue();
                assertTrue(name + ": " + ext, estimated > 0);
                // both engines count, padding included: ONNX Runtime from the padded shapes each batch ran at
                assertTrue(name + ": " + ext, ((Number) ext.get("flops_counted")).doubleValue() >= estimated * (1 - 1e-9));
                List<Object> reranked = ids(r);
                assertEquals(name, new java.util.TreeSet<>(firstStage), new java.util.TreeSet<>(reranked));
            }
            // the node's stats for the model: both searches counted, the count at least the estimate
            Map<String, Object> byModel = modelStats(name);
            assertEquals(name + ": " + byModel, 2, ((Number) byModel.get("counted_queries")).intValue());
            assertTrue(name + ": " + byModel, ((Number) byModel.get("flops_counted")).doubleValue()
                >= ((Number) byModel.get("flops_estimated")).doubleValue() * (1 - 1e-9));
            // a strategy the model cannot run is refused, naming what it runs
            String refused = refusal(400, "POST", "/cross_docs/_search", String.format(Locale.ROOT, """
                {"query": {"match": {"text": "fox"}},
                 "rescore": {"window_size": 6, "llm_rerank": {"model": "%s", "field": "text", "strategy": "setwise.heapsort"}}}""", name));
            assertTrue(refused, refused.contains("pointwise.cross_encoder"));
            assertEquals(Boolean.TRUE, call("DELETE", "/_plugins/_llm_rerank/models/" + name, null).get("acknowledged"));
        }
    }

    /**
     * Routers the test writes over a registered stand-in: zero weights and fixed output biases, so every pair executes
     * every block but the last, whatever its text, and the layer counts are exact.
     */
    @SuppressWarnings("unchecked")
    public void testRoutersOverARegisteredCrossEncoderChooseEachPairsBlocks() throws Exception {
        standIn("ce-base", CrossEncoderFamily.BERT, 1, StandInCrossEncoder.WeightFiles.SAFETENSORS);
        standIn("ce-onnx-base", CrossEncoderFamily.BERT, 1, StandInCrossEncoder.WeightFiles.ONNX);
        CrossEncoderShape shape = StandInCrossEncoder.shape(CrossEncoderFamily.BERT, 1);
        int layers = shape.encoder().layers();
        int width = shape.encoder().hidden();
        skipLastRouters("ce-skip-last", layers, width);
        skipLastRouters("ce-deep", layers + 1, width);
        skipLastRouters("ce-wide", layers, width + 1);
        for (String base : List.of("ce-base", "ce-onnx-base")) {
            assertEquals(Boolean.TRUE, call("PUT", "/_plugins/_llm_rerank/models/" + base, "{\"path\": \"" + base + "\"}").get("acknowledged"));
        }

        // every mismatch a 400 naming the routers file or [base]
        assertRoutersRefused("ce-skip-last", "ce-missing", "[base] [ce-missing] is neither a bundled model of the routed runtime");
        assertRoutersRefused("ce-deep", "ce-base", "[ce-deep/routers.bin] routes " + (layers + 1) + " layers of width " + width
            + "; [base] [ce-base] has " + layers + " layers of width " + width);
        assertRoutersRefused("ce-wide", "ce-base", "[ce-wide/routers.bin] routes " + layers + " layers of width " + (width + 1)
            + "; [base] [ce-base] has " + layers + " layers of width " + width);
        assertRoutersRefused("ce-skip-last", "ce-onnx-base", "[base] [ce-onnx-base] is not a safetensors cross-encoder");

        assertEquals(Boolean.TRUE, call("PUT", "/_plugins/_llm_rerank/models/ce-routed",
            "{\"path\": \"ce-skip-last\", \"base\": \"ce-base\"}").get("acknowledged"));
        Map<String, Object> listed = (Map<String, Object>) ((Map<String, Object>) call("GET", "/_plugins/_llm_rerank/models/ce-routed", null)
            .get("models")).get("ce-routed");
        assertEquals("ce-base", listed.get("base"));

        assertAcked(prepareCreate("routed_cross_docs").setSettings(Settings.builder().put("index.number_of_shards", 1)
            .put("index.number_of_replicas", 0)).setMapping("text", "type=text"));
        String[] texts = {"the fox eat fish", "a red fox in the city", "the sun and the moon fox", "how the fox grow"};
        for (int i = 0; i < texts.length; i++) {
            client().prepareIndex("routed_cross_docs").setId("d" + i).setSource("text", texts[i]).get();
        }
        refresh("routed_cross_docs");
        int pairs = texts.length;
        Map<String, Object> routed = ext(rerank("ce-routed", "routed_cross_docs", pairs));
        assertEquals(routed.toString(), "reranked", routed.get("status"));
        assertEquals(routed.toString(), "pointwise.cross_encoder", routed.get("strategy"));
        assertEquals(Map.of("sequences", pairs, "executed", pairs * (layers - 1), "skipped", pairs, "repeated", 0), routed.get("layers"));
        // one unpadded pair at a time, every block it takes in full: the runtime executes exactly what the estimate costs
        double estimated = ((Number) routed.get("flops_estimated")).doubleValue();
        assertEquals(estimated, ((Number) routed.get("flops_counted")).doubleValue(), estimated * 1e-9);

        Map<String, Object> full = ext(rerank("ce-base", "routed_cross_docs", pairs));
        assertEquals(Map.of("sequences", pairs, "executed", pairs * layers, "skipped", 0, "repeated", 0), full.get("layers"));
        for (String name : List.of("ce-routed", "ce-base", "ce-onnx-base")) {
            assertEquals(Boolean.TRUE, call("DELETE", "/_plugins/_llm_rerank/models/" + name, null).get("acknowledged"));
        }
    }

    private static Map<String, Object> rerank(String model, String index, int window) throws Exception {
        return call("POST", "/" + index + "/_search", String.format(Locale.ROOT, """
            {"size": %d, "query": {"match": {"text": "fox"}},
             "rescore": {"window_size": %d, "llm_rerank": {"model": "%s", "field": "text", "strategy": "pointwise.cross_encoder"}}}""",
            window, window, model));
    }

    /** Routers in {@code dir} that execute every block but the last, for {@code layers} blocks of {@code width}. */
    private static void skipLastRouters(String dir, int layers, int width) throws Exception {
        int h = 4;
        List<Router> routers = new java.util.ArrayList<>();
        for (int layer = 0; layer < layers; layer++) {
            float[] bias = new float[Router.CLASSES];
            bias[(layer == layers - 1 ? Decision.SKIP : Decision.EXECUTE).ordinal()] = 8;
            routers.add(new Router(width, h, new float[width * h], new float[h], new float[Router.CLASSES * h], bias));
        }
        Files.createDirectories(modelsDir.resolve(dir));
        new LayerRouters(routers).save(modelsDir.resolve(dir).resolve("routers.bin"));
    }

    private void assertRoutersRefused(String dir, String base, String expected) throws Exception {
        String body = refusal(400, "PUT", "/_plugins/_llm_rerank/models/ce-refused", "{\"path\": \"" + dir + "\", \"base\": \"" + base + "\"}");
        assertTrue(expected + " in " + body, body.contains(expected));
        assertFalse(body, body.contains(modelsDir.toString()));
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> modelStats(String model) throws Exception {
        Map<String, Object> cluster = (Map<String, Object>) call("GET", "/_plugins/_llm_rerank/stats", null).get("cluster");
        return (Map<String, Object>) ((Map<String, Object>) cluster.get("by_model")).get(model);
    }

    public void testEveryBadFileIsA400NamingIt() throws Exception {
        Path labels = standIn("three-labels", CrossEncoderFamily.BERT, 1, StandInCrossEncoder.WeightFiles.SAFETENSORS);
        Files.writeString(labels.resolve("config.json"), Files.readString(labels.resolve("config.json")).replace("\"id2label\"", "\"num_labels\": 3, \"id2label\""));
        assertBadRegistration("three-labels", "three-labels/config.json", "num_labels");

        Path family = standIn("distil", CrossEncoderFamily.BERT, 1, StandInCrossEncoder.WeightFiles.SAFETENSORS);
        Files.writeString(family.resolve("config.json"), Files.readString(family.resolve("config.json")).replace("\"bert\"", "\"distilbert\""));
        assertBadRegistration("distil", "distil/config.json", "model_type");

        Path tokenizer = standIn("bad-tokenizer", CrossEncoderFamily.XLM_ROBERTA, 1, StandInCrossEncoder.WeightFiles.SAFETENSORS);
        Files.writeString(tokenizer.resolve("tokenizer.json"), "{\"model\": {\"type\": \"Nothing\"}}");
        assertBadRegistration("bad-tokenizer", "bad-tokenizer/tokenizer.json", "tokenizer");

        Path weights = standIn("short-weights", CrossEncoderFamily.BERT, 2, StandInCrossEncoder.WeightFiles.SAFETENSORS);
        Files.writeString(weights.resolve("config.json"), Files.readString(weights.resolve("config.json")).replace("\"num_hidden_layers\" : 2", "\"num_hidden_layers\" : 3"));
        assertBadRegistration("short-weights", "short-weights/model.safetensors", "encoder.layer.2");

        Path graph = standIn("bad-graph", CrossEncoderFamily.BERT, 1, StandInCrossEncoder.WeightFiles.ONNX);
        Files.write(graph.resolve("model.onnx"), new byte[] {1, 2, 3, 4, 5});
        assertBadRegistration("bad-graph", "bad-graph/model.onnx", "ONNX");

        Path prefixed = standIn("prefixed", CrossEncoderFamily.BERT, 1, StandInCrossEncoder.WeightFiles.SAFETENSORS);
        String body = refusal(400, "PUT", "/_plugins/_llm_rerank/models/prefixed", "{\"path\": \"prefixed\", \"query_prefix\": \"query: \"}");
        assertTrue(body, body.contains("[query_prefix]"));
        assertFalse(body, body.contains(prefixed.toString()));
    }

    private void assertBadRegistration(String name, String file, String detail) throws Exception {
        String body = refusal(400, "PUT", "/_plugins/_llm_rerank/models/" + name, "{\"path\": \"" + name + "\"}");
        assertTrue(file + " in " + body, body.contains(file));
        assertTrue(detail + " in " + body, body.contains(detail));
        assertFalse(body, body.contains(modelsDir.toString()));
        @SuppressWarnings("unchecked")
        Map<String, Object> models = (Map<String, Object>) call("GET", "/_plugins/_llm_rerank/models", null).get("models");
        assertFalse(models.toString(), models.containsKey(name));
    }
}
