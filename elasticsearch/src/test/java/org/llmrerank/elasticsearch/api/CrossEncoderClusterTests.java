package org.llmrerank.elasticsearch.api;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;
import org.elasticsearch.client.Request;
import org.elasticsearch.client.Response;
import org.elasticsearch.common.settings.Settings;
import org.elasticsearch.common.transport.TransportAddress;
import org.elasticsearch.http.HttpServerTransport;
import org.junit.Before;
import org.llmrerank.elasticsearch.DetailsHeader;
import org.llmrerank.elasticsearch.HttpSearches;
import org.llmrerank.elasticsearch.TestPorts;
import org.llmrerank.routing.crossencoder.CrossEncoderFamily;
import org.llmrerank.routing.crossencoder.StandInCrossEncoder;

/**
 * Cross-encoders on Elasticsearch: STAND-IN BERT and XLM-RoBERTa sequence classifiers (tiny random weights the test
 * writes; no real reranker can be downloaded here, so their rankings mean nothing), as an ONNX graph on ONNX Runtime
 * and as safetensors on the routed runtime, register through {@code PUT _llm_rerank/models/{name}} and rerank through
 * the {@code llm_rerank} retriever with {@code pointwise.cross_encoder}, both engines counting their FLOPs. A bad file
 * is a 400 naming it.
 */
public class CrossEncoderClusterTests extends ModelsDirClusterTestCase {

    private static final String INDEX = "cross_docs";
    private static final String[] TEXTS = {"the fox eat fish", "a red fox in the city", "the sun and the moon and a fox",
        "how the fox grow", "fox", "a cat and a fox eat fish in the city"};

    @Before
    public void indexDocs() throws IOException {
        if (indexExists(INDEX)) {
            return;
        }
        prepareCreate(INDEX).setSettings(Settings.builder().put("index.number_of_shards", 2).put("index.number_of_replicas", 0))
            .setMapping("text", "type=text").get();
        for (int i = 0; i < TEXTS.length; i++) {
            prepareIndex(INDEX).setId("d" + i).setSource("text", TEXTS[i]).get();
        }
        indicesAdmin().prepareRefresh(INDEX).get();
        ensureGreen(INDEX);
    }

    public void testStandInCrossEncodersRegisterAndRerankThroughTheRetriever() throws IOException {
        assertPortsPinned();
        Object[][] models = {
            {"ce-bert-onnx", CrossEncoderFamily.BERT, 2, StandInCrossEncoder.WeightFiles.ONNX},
            {"ce-xlmr-safetensors", CrossEncoderFamily.XLM_ROBERTA, 1, StandInCrossEncoder.WeightFiles.SAFETENSORS},
        };
        List<String> firstStage = ids(search("{\"size\": 10, \"query\": {\"match\": {\"text\": \"fox\"}}}"));
        assertEquals(TEXTS.length, firstStage.size());
        for (Object[] m : models) {
            String name = (String) m[0];
            StandInCrossEncoder.write(modelsDir().resolve(name), (CrossEncoderFamily) m[1], (Integer) m[2],
                (StandInCrossEncoder.WeightFiles) m[3], 29);
            RestJson put = call("PUT", "/_llm_rerank/models/" + name, "{\"path\": \"" + name + "\"}");
            assertEquals(put.text(), 200, put.status());
            try {
                assertEquals("registered", call("GET", "/_llm_rerank/models/" + name, null).at("models." + name + ".source"));
                Response r = searchResponse(retriever(name, "pointwise.cross_encoder"));
                Map<String, Object> details = HttpSearches.json(r.getHeader(DetailsHeader.NAME));
                assertEquals(name + ": " + details, "reranked", details.get("status"));
                assertEquals(name + ": " + details, "pointwise.cross_encoder", details.get("strategy"));
                assertEquals(name + ": " + details, TEXTS.length, details.get("reranked_docs"));
                double estimated = ((Number) details.get("flops_estimated")).doubleValue();
                // both engines count, padding included: ONNX Runtime from the padded shapes each batch ran at
                assertTrue(name + ": " + details, estimated > 0
                    && ((Number) details.get("flops_counted")).doubleValue() >= estimated * (1 - 1e-9));
                List<String> reranked = ids(HttpSearches.body(r));
                assertEquals(name, new TreeSet<>(firstStage), new TreeSet<>(reranked));

                // a strategy a cross-encoder cannot run is refused, naming what it runs
                RestJson refused = call("POST", "/" + INDEX + "/_search", retriever(name, "setwise.heapsort"));
                assertEquals(refused.text(), 400, refused.status());
                assertTrue(refused.text(), refused.text().contains("pointwise.cross_encoder"));
            } finally {
                assertEquals(200, call("DELETE", "/_llm_rerank/models/" + name, null).status());
            }
        }
    }

    public void testABadCrossEncoderFileIsA400NamingIt() throws IOException {
        Path dir = StandInCrossEncoder.write(modelsDir().resolve("ce-three-labels"), CrossEncoderFamily.BERT, 1,
            StandInCrossEncoder.WeightFiles.SAFETENSORS, 31);
        Files.writeString(dir.resolve("config.json"), Files.readString(dir.resolve("config.json"))
            .replace("\"id2label\"", "\"num_labels\": 3, \"id2label\""));
        RestJson r = call("PUT", "/_llm_rerank/models/ce-three-labels", "{\"path\": \"ce-three-labels\"}");
        assertEquals(r.text(), 400, r.status());
        String reason = String.valueOf(r.at("error.reason"));
        assertTrue(reason, reason.contains("ce-three-labels/config.json") && reason.contains("num_labels"));
        assertFalse(reason, reason.contains(modelsDir().toString()));
        assertEquals(404, call("GET", "/_llm_rerank/models/ce-three-labels", null).status());
    }

    /** With {@value TestPorts#PROPERTY} set, every node's HTTP port lies in the range's first half. */
    private static void assertPortsPinned() {
        String range = System.getProperty(TestPorts.PROPERTY);
        if (range == null || range.isBlank()) {
            return;
        }
        int from = Integer.parseInt(range.split("-")[0].trim());
        int to = Integer.parseInt(range.split("-")[1].trim());
        for (String node : internalCluster().getNodeNames()) {
            TransportAddress a = internalCluster().getInstance(HttpServerTransport.class, node).boundAddress().publishAddress();
            assertTrue(node + " on " + a, a.getPort() >= from && a.getPort() <= to);
        }
    }

    private static String retriever(String model, String strategy) {
        return String.format(Locale.ROOT, """
            {"retriever": {"llm_rerank": {"retriever": {"standard": {"query": {"match": {"text": "fox"}}}},
              "field": "text", "model": "%s", "strategy": "%s", "rank_window_size": 10, "query_text": "what does a fox eat",
              "timeout": "10m"}}}""", model, strategy);
    }

    private static Map<String, Object> search(String body) throws IOException {
        return HttpSearches.body(searchResponse(body));
    }

    private static Response searchResponse(String body) throws IOException {
        Request r = new Request("POST", "/" + INDEX + "/_search");
        r.setJsonEntity(body);
        return getRestClient().performRequest(r);
    }

    private static List<String> ids(Map<String, Object> response) {
        return HttpSearches.ids(HttpSearches.hits(response));
    }

    private static RestJson call(String method, String path, String body) throws IOException {
        return RestJson.call(getRestClient(), method, path, body);
    }
}
