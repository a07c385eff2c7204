package org.llmrerank.integ;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.llmrerank.routing.crossencoder.CrossEncoderFamily;
import org.llmrerank.routing.crossencoder.StandInCrossEncoder;

/**
 * Cross-encoders in the real plugin on the real node ({@link RealNode}): the plugin's own class loader and security
 * policy load the tokenizers library's natives (a Unigram XLM-RoBERTa tokenizer and a WordPiece one), ONNX Runtime and
 * DJL's engine. The models are STAND-INs (tiny random weights written here); only the path is checked.
 */
class CrossEncoderIT {

    private static final String INDEX = "cross_encoder_it";
    private static RestJson node;

    @BeforeAll
    static void startNode() throws Exception {
        node = RealNode.start();
        node.call("DELETE", "/" + INDEX, null);
        node.ok("PUT", "/" + INDEX, Map.of("settings", Map.of("number_of_shards", 1, "number_of_replicas", 0),
            "mappings", Map.of("properties", Map.of("text", Map.of("type", "text")))));
        String[] texts = {"the fox jumps over the dog", "a red fox in the forest", "a fox is a small mammal", "the quick brown fox"};
        for (int i = 0; i < texts.length; i++) {
            node.ok("PUT", "/" + INDEX + "/_doc/d" + i + "?refresh=true", Map.of("text", texts[i]));
        }
    }

    @Test
    void standInCrossEncodersRegisterAndRerankInTheRealPlugin() throws Exception {
        Object[][] models = {
            {"ce-bert-onnx", CrossEncoderFamily.BERT, 2, StandInCrossEncoder.WeightFiles.ONNX},
            {"ce-xlmr-safetensors", CrossEncoderFamily.XLM_ROBERTA, 1, StandInCrossEncoder.WeightFiles.SAFETENSORS},
        };
        for (Object[] m : models) {
            String name = (String) m[0];
            Path dir = RealNode.MODELS_DIR.resolve(name);
            StandInCrossEncoder.write(dir, (CrossEncoderFamily) m[1], (Integer) m[2], (StandInCrossEncoder.WeightFiles) m[3], 23);
            node.ok("PUT", "/_plugins/_llm_rerank/models/" + name, Map.of("path", name));
            RestJson.Reply r = node.ok("POST", "/" + INDEX + "/_search", Map.of("size", 4, "query", Map.of("match", Map.of("text", "fox")),
                "rescore", Map.of("window_size", 4, "llm_rerank", Map.of("model", name, "field", "text", "strategy", "pointwise.cross_encoder"))));
            Map<String, Object> ext = r.at("ext", "llm_rerank");
            assertEquals("reranked", ext.get("status"), name + ": " + ext);
            assertEquals("pointwise.cross_encoder", ext.get("strategy"));
            // both engines count, padding included: ONNX Runtime from the padded shapes each batch ran at
            double estimated = ((Number) ext.get("flops_estimated")).doubleValue();
            assertTrue(estimated > 0 && ((Number) ext.get("flops_counted")).doubleValue() >= estimated * (1 - 1e-9), name + ": " + ext);
            List<Object> hits = r.at("hits", "hits");
            assertEquals(4, hits.size());
            node.ok("DELETE", "/_plugins/_llm_rerank/models/" + name, null);
        }
    }
}
