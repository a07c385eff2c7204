package org.llmrerank.plugin;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.llmrerank.routing.crossencoder.CrossEncoderFamily;
import org.llmrerank.routing.crossencoder.StandInCrossEncoder;
import org.opensearch.common.settings.Settings;
import org.opensearch.test.OpenSearchIntegTestCase;

import static org.opensearch.test.hamcrest.OpenSearchAssertions.assertAcked;

/**
 * Cross-encoders through the models API and the clause on one node over real HTTP: STAND-IN BERT and XLM-RoBERTa
 * sequence classifiers (tiny random weights the test writes; no real reranker can be downloaded here, so their rankings
 * mean nothing), each as an ONNX graph on ONNX Runtime and as safetensors on the routed runtime, register and rerank
 * with {@code pointwise.cross_encoder}; the safetensors ones count their FLOPs. Every bad file is a 400 naming it.
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
            for (String strategy : List.of("pointwise.cross_encoder", "pointwise")) {
                Map<String, Object> r = call("POST", "/cross_docs/_search", String.format(Locale.ROOT, """
                    {"size": 6, "query": {"match": {"text": "fox"}},
                     "rescore": {"window_size": 6, "llm_rerank": {"model": "%s", "field": "text", "strategy": "%s", "top_k": 3}}}""",
                    name, strategy));
                Map<String, Object> ext = ext(r);
                assertEquals(name + " " + strategy + ": " + ext, "reranked", ext.get("status"));
                assertEquals(name + ": " + ext, "pointwise.cross_encoder", ext.get("strategy"));
                assertTrue(name + ": " + ext, ((Number) ext.get("flops_estimated")).doubleValue() > 0);
                if (name.endsWith("safetensors")) {
                    assertTrue(name + ": " + ext, ((Number) ext.get("flops_counted")).doubleValue() > 0);
                } else {
                    assertNull(name + ": ONNX Runtime cannot count: " + ext, ext.get("flops_counted"));
                }
                List<Object> reranked = ids(r);
                assertEquals(name, new java.util.TreeSet<>(firstStage), new java.util.TreeSet<>(reranked));
            }
            // a strategy the model cannot run is refused, naming what it runs
            String refused = refusal(400, "POST", "/cross_docs/_search", String.format(Locale.ROOT, """
                {"query": {"match": {"text": "fox"}},
                 "rescore": {"window_size": 6, "llm_rerank": {"model": "%s", "field": "text", "strategy": "setwise.heapsort"}}}""", name));
            assertTrue(refused, refused.contains("pointwise.cross_encoder"));
            assertEquals(Boolean.TRUE, call("DELETE", "/_plugins/_llm_rerank/models/" + name, null).get("acknowledged"));
        }
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
