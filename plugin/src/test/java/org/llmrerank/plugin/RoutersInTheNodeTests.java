package org.llmrerank.plugin;

import static org.opensearch.test.hamcrest.OpenSearchAssertions.assertAcked;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.llmrerank.routing.runtime.router.LayerRouters;
import org.llmrerank.routing.runtime.router.Router;
import org.opensearch.common.settings.Settings;
import org.opensearch.test.OpenSearchIntegTestCase;

/**
 * Dr.LLM routers served inside the node: a routers file registered through the models API beside the bundled routed
 * bge-small decides, per sequence, which layers run; the search's details and the node's stats show the layers the
 * routers skipped, and the runtime counts the FLOPs of what ran.
 *
 * <p>The routers here are stand-ins written by the test: their weights are zero and their output biases fixed, so they
 * skip the same two layers whatever the text. That makes the expected layer counts exact; routers that
 * {@code train-routers} writes go through the same file format and the same code.
 */
@OpenSearchIntegTestCase.ClusterScope(scope = OpenSearchIntegTestCase.Scope.SUITE, numDataNodes = 1, numClientNodes = 0,
    supportsDedicatedMasters = false)
public class RoutersInTheNodeTests extends HttpNodesTestCase {

    private static final int LAYERS = 12;
    private static final int WIDTH = 384;
    private static final Set<Integer> SKIPPED = Set.of(2, 7);
    private static Path modelsDir;



    @Override
    protected Settings nodeSettings(int nodeOrdinal) {
        if (modelsDir == null) {
            modelsDir = createTempDir("llm_rerank_models").toAbsolutePath();
        }
        return Settings.builder().put(super.nodeSettings(nodeOrdinal))
            .put("plugins.llm_rerank.models_path", modelsDir.toString()).build();
    }

    /** Routers that skip {@link #SKIPPED} and execute every other layer, whatever the hidden state. */
    private static LayerRouters fixedRouters(int layers, int width) {
        int h = 4;
        List<Router> routers = new ArrayList<>();
        for (int layer = 0; layer < layers; layer++) {
            float[] bias = SKIPPED.contains(layer) ? new float[] {8, 0, 0} : new float[] {0, 8, 0};
            routers.add(new Router(width, h, new float[width * h], new float[h], new float[Router.CLASSES * h], bias));
        }
        return new LayerRouters(routers);
    }

    @SuppressWarnings("unchecked")
    public void testRegisteredRoutersDecideTheLayersOfEverySearchAndTheStatsShowThem() throws Exception {
        Files.createDirectories(modelsDir.resolve("fixed"));
        fixedRouters(LAYERS, WIDTH).save(modelsDir.resolve("fixed").resolve("routers.bin"));
        call("PUT", "/_plugins/_llm_rerank/models/bge-fixed-routers", "{\"path\": \"fixed\", \"base\": \"bge-small-routed\"}");
        Map<String, Object> listed = (Map<String, Object>) ((Map<String, Object>) call("GET", "/_plugins/_llm_rerank/models/bge-fixed-routers",
            null).get("models")).get("bge-fixed-routers");
        assertEquals("bge-small-routed", listed.get("base"));

        assertAcked(prepareCreate("routed").setMapping("text", "type=text"));
        String[] passages = {"fleas live for about two to three months", "a flea can jump very high", "cats and fleas",
            "the life cycle of a flea has four stages"};
        for (int i = 0; i < passages.length; i++) {
            client().prepareIndex("routed").setId("p" + i).setSource("text", passages[i]).get();
        }
        refresh("routed");
        call("POST", "/_plugins/_llm_rerank/stats/_reset", null);
        Map<String, Object> r = call("POST", "/routed/_search", "{\"query\": {\"match\": {\"text\": \"flea fleas\"}}, \"rescore\": {\"window_size\": 4, "
            + "\"llm_rerank\": {\"model\": \"bge-fixed-routers\", \"field\": \"text\"}}}");
        Map<String, Object> ext = (Map<String, Object>) ((Map<String, Object>) r.get("ext")).get("llm_rerank");
        assertEquals(ext.toString(), "reranked", ext.get("status"));
        // the query at full depth (12 layers), each of the 4 passages along its routers' path (10 layers)
        assertEquals(Map.of("sequences", 5, "executed", 12 + 4 * 10, "skipped", 4 * 2, "repeated", 0), ext.get("layers"));
        double counted = ((Number) ext.get("flops_counted")).doubleValue();
        double estimated = ((Number) ext.get("flops_estimated")).doubleValue();
        // one unpadded sequence at a time: the runtime executes exactly what the estimate costs
        assertEquals(estimated, counted, estimated * 1e-9);

        Map<String, Object> byModel = (Map<String, Object>) ((Map<String, Object>) ((Map<String, Object>) call("GET",
            "/_plugins/_llm_rerank/stats", null).get("cluster")).get("by_model")).get("bge-fixed-routers");
        Map<String, Object> layers = (Map<String, Object>) byModel.get("layers");
        assertEquals(8, ((Number) layers.get("skipped")).intValue());
        assertEquals(52, ((Number) layers.get("executed")).intValue());

        // the same search on the bundled routed model runs every layer
        Map<String, Object> full = call("POST", "/routed/_search", "{\"query\": {\"match\": {\"text\": \"flea fleas\"}}, \"rescore\": "
            + "{\"window_size\": 4, \"llm_rerank\": {\"model\": \"bge-small-routed\", \"field\": \"text\"}}}");
        Map<String, Object> fullExt = (Map<String, Object>) ((Map<String, Object>) full.get("ext")).get("llm_rerank");
        assertEquals(Map.of("sequences", 5, "executed", 60, "skipped", 0, "repeated", 0), fullExt.get("layers"));
        assertTrue(counted < ((Number) fullExt.get("flops_counted")).doubleValue());
        call("DELETE", "/_plugins/_llm_rerank/models/bge-fixed-routers", null);
    }

    public void testBadRoutersRegistrationsAre400sNamingTheProblem() throws Exception {
        Files.createDirectories(modelsDir.resolve("garbage"));
        Files.writeString(modelsDir.resolve("garbage").resolve("routers.bin"), "not routers at all");
        assertTrue(refusal(400, "PUT", "/_plugins/_llm_rerank/models/bad-routers", "{\"path\": \"garbage\", \"base\": \"bge-small-routed\"}")
            .contains("[garbage/routers.bin] is not a routers file written by train-routers"));
        Files.createDirectories(modelsDir.resolve("six"));
        fixedRouters(6, WIDTH).save(modelsDir.resolve("six").resolve("routers.bin"));
        assertTrue(refusal(400, "PUT", "/_plugins/_llm_rerank/models/bad-routers", "{\"path\": \"six\", \"base\": \"bge-small-routed\"}")
            .contains("[six/routers.bin] routes 6 layers of width 384; [base] [bge-small-routed] has 12 layers of width 384"));
        assertTrue(refusal(400, "PUT", "/_plugins/_llm_rerank/models/bad-routers", "{\"path\": \"six\", \"base\": \"bge-small\"}")
            .contains("[base] must be a bundled model of the routed runtime"));
        assertTrue(refusal(400, "PUT", "/_plugins/_llm_rerank/models/bad-routers", "{\"path\": \"six\", \"base\": \"bge-small-routed\", "
            + "\"router_knob\": 1.5}").contains("[router_knob] must be a number in [-1, 1], got [1.5]"));
        assertTrue(refusal(400, "PUT", "/_plugins/_llm_rerank/models/bad-routers", "{\"path\": \"missing\", \"base\": \"bge-small-routed\"}")
            .contains("[path] [missing] does not exist in the models directory"));
    }
}
