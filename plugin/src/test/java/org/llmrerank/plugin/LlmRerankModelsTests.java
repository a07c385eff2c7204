package org.llmrerank.plugin;

import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.opensearch.common.settings.Settings;
import org.opensearch.test.OpenSearchIntegTestCase;

import static org.opensearch.test.hamcrest.OpenSearchAssertions.assertAcked;

/**
 * Model management over real HTTP on two nodes: every bad registration is a 400 naming the problem
 * with nothing registered, a copy of the bundled all-MiniLM registered from a models directory the
 * test writes reranks exactly as the bundled model does, and DELETE unloads it everywhere.
 */
@OpenSearchIntegTestCase.ClusterScope(scope = OpenSearchIntegTestCase.Scope.SUITE, numDataNodes = 2, numClientNodes = 0, supportsDedicatedMasters = false)
public class LlmRerankModelsTests extends HttpNodesTestCase {

    private static final long MAX_FILE_BYTES = 40L << 20;
    private static Path modelsDir;
    private static Path outsideDir;



    @Override
    protected Settings nodeSettings(int nodeOrdinal) {
        if (modelsDir == null) {
            // under java.io.tmpdir, which the plugin's policy grants; absolute, so the config dir does not matter
            // -Dtests.llm_rerank.models_dir checks the policy's ${opensearch.path.conf} grant (see README)
            String dir = System.getProperty("tests.llm_rerank.models_dir");
            modelsDir = dir != null ? Path.of(dir) : createTempDir("llm_rerank_models").toAbsolutePath();
            outsideDir = createTempDir("outside").toAbsolutePath();
        }
        return Settings.builder().put(super.nodeSettings(nodeOrdinal))
            .put("plugins.llm_rerank.models_path", modelsDir.toString())
            .put("plugins.llm_rerank.models_max_file_size", MAX_FILE_BYTES + "b").build();
    }

    private static void writeMiniLm(Path dir) throws Exception {
        if (System.getProperty("tests.llm_rerank.models_dir") != null) {
            return; // a directory outside the test's writable tmpdir, filled by whoever set the property
        }
        MiniLmModelFiles.write(dir);
    }

    /** Stands for a file outside the models directory that no caller may read. */
    private static final String SECRET = "SECRET-TOKEN-7f3a1c";

    /** A copy of the model whose config.json is a hard link to a file outside the models directory. */
    private static void hardLinkedConfig(String name) throws Exception {
        Path dir = modelsDir.resolve(name);
        writeMiniLm(dir);
        Path secret = Path.of(outsideDir.toString(), name + ".txt");
        Files.writeString(secret, SECRET + " the rest of a private file\n");
        Path config = Path.of(dir.toString(), "config.json");
        Files.delete(config);
        Files.createLink(config, secret);
    }

    /** No response may tell where the models directory is on the node, or show a file's content. */
    private static void assertNoPathOrSecret(String body) {
        assertFalse(body, body.contains(modelsDir.toString()));
        assertFalse(body, body.contains(outsideDir.toString()));
        assertFalse(body, body.contains("file:"));
        assertFalse(body, body.contains(SECRET));
    }

    private static String put(String path) {
        return "{\"path\": \"" + path + "\", \"pooling\": \"mean\"}";
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> models() throws Exception {
        return (Map<String, Object>) call("GET", "/_plugins/_llm_rerank/models", null).get("models");
    }

    public void testBadRegistrationsAre400sAndRegisterNothing() throws Exception {
        Path good = modelsDir.resolve("good");
        writeMiniLm(good);
        // outside the models directory, reachable only through symlinks
        writeMiniLm(outsideDir.resolve("model"));
        Files.createSymbolicLink(modelsDir.resolve("escape"), outsideDir.resolve("model"));
        Path linkedFile = modelsDir.resolve("linked_file");
        Files.createDirectories(linkedFile);
        Files.copy(good.resolve("tokenizer.json"), linkedFile.resolve("tokenizer.json"));
        Files.copy(good.resolve("config.json"), linkedFile.resolve("config.json"));
        Files.createSymbolicLink(linkedFile.resolve("model.onnx"), outsideDir.resolve("model").resolve("model.onnx"));
        // over the size limit (sparse, so instant)
        Path big = modelsDir.resolve("big");
        writeMiniLm(big);
        try (RandomAccessFile f = new RandomAccessFile(big.resolve("model.onnx").toFile(), "rw")) {
            f.setLength(MAX_FILE_BYTES + 1);
        }
        Path badTokenizer = modelsDir.resolve("bad_tokenizer");
        writeMiniLm(badTokenizer);
        Files.writeString(badTokenizer.resolve("tokenizer.json"), "{\"model\": {\"type\": \"WordPiece\", \"vocab\": ");
        Path badOnnx = modelsDir.resolve("bad_onnx");
        writeMiniLm(badOnnx);
        byte[] garbage = new byte[4096];
        Arrays.fill(garbage, (byte) 0x7f);
        Files.write(badOnnx.resolve("model.onnx"), garbage);
        Path badConfig = modelsDir.resolve("bad_config");
        writeMiniLm(badConfig);
        Files.writeString(badConfig.resolve("config.json"), "{\"model_type\": \"bert\", \"num_hidden_layers\": 6}");
        Path notJsonConfig = modelsDir.resolve("not_json_config");
        writeMiniLm(notJsonConfig);
        Files.writeString(notJsonConfig.resolve("config.json"), "{oops");
        Path llm = modelsDir.resolve("llm");
        Files.createDirectories(llm);
        Files.write(llm.resolve("model.safetensors"), new byte[] {1, 2, 3});
        Files.writeString(llm.resolve("config.json"), "{\"model_type\": \"qwen2\"}");
        Files.writeString(llm.resolve("tokenizer.json"), "{}");
        Path gpt2 = modelsDir.resolve("gpt2");
        Files.createDirectories(gpt2);
        Files.write(gpt2.resolve("model.safetensors"), new byte[] {1, 2, 3});
        Files.writeString(gpt2.resolve("config.json"), "{\"model_type\": \"gpt2\"}");
        Files.writeString(gpt2.resolve("tokenizer.json"), "{}");
        Path shardOut = modelsDir.resolve("shard_out");
        Files.createDirectories(shardOut);
        Files.writeString(shardOut.resolve("model.safetensors.index.json"), "{\"weight_map\": {\"w\": \"../x.safetensors\"}}");
        Files.writeString(shardOut.resolve("config.json"), "{\"model_type\": \"llama\"}");
        Files.writeString(shardOut.resolve("tokenizer.json"), "{}");
        Path missing = modelsDir.resolve("missing_tokenizer");
        writeMiniLm(missing);
        Files.delete(missing.resolve("tokenizer.json"));
        hardLinkedConfig("hard_linked");
        Path lying = modelsDir.resolve("lying_config");
        writeMiniLm(lying);
        Files.writeString(lying.resolve("config.json"), MiniLmModelFiles.CONFIG.replace("\"num_hidden_layers\": 6", "\"num_hidden_layers\": 1000000"));

        String[][] cases = {
            {"bad1", put("../outside"), "path traversal"},
            {"bad2", put(outsideDir.resolve("model").toString()), "absolute"},
            {"bad3", put("good/../../outside"), "path traversal"},
            {"bad4", put("escape"), "[path] [escape] is a symbolic link resolving outside"},
            {"bad5", put("linked_file"), "[linked_file/model.onnx] is a symbolic link resolving outside"},
            {"bad6", put("big"), "over the limit"},
            {"bad7", put("bad_tokenizer"), "[bad_tokenizer/tokenizer.json] is malformed"},
            {"bad8", put("bad_onnx"), "[bad_onnx/model.onnx]"},
            {"bad9", put("bad_config"), "[bad_config/config.json].hidden_size"},
            {"bad10", put("not_json_config"), "[not_json_config/config.json] is not valid JSON (line 1, column 2)"},
            {"bad11", put("llm"), "[llm/model.safetensors] is not a valid safetensors file"},
            {"bad17", put("gpt2"), "[gpt2/config.json].model_type [gpt2] is not supported"},
            {"bad18", put("shard_out"), "shards must be .safetensors files in the model directory itself"},
            {"bad12", put("missing_tokenizer"), "[missing_tokenizer/tokenizer.json] is missing"},
            {"bad19", put("hard_linked"), "[hard_linked/config.json] is a hard link"},
            {"bad20", put("lying_config"), "[lying_config/config.json] does not describe [lying_config/model.onnx]: "
                + "num_hidden_layers is 1000000 in [lying_config/config.json] but 6 in the graph"},
            {"bad21", "{\"path\": \"good\", \"query_prefix\": \"" + "q".repeat(1025) + "\"}",
                "[query_prefix] is 1025 characters, over the limit of 1024 ([plugins.llm_rerank.models_max_prefix_chars])"},
            {"bad13", put("nope"), "does not exist"},
            {"bad14", "{\"path\": \"good\", \"pooling\": \"max\"}", "[pooling]"},
            {"bad15", "{\"path\": \"good\", \"bogus\": \"x\"}", "unknown field [bogus]"},
            {"bad16", "{\"pooling\": \"cls\"}", "[path] is required"},
            {"bge-small", put("good"), "bundled"},
            {"all-minilm-l6-v2", put("good"), "bundled"},
            {"Bad.Name", put("good"), "is invalid"},
        };
        for (String[] c : cases) {
            String body = refusal(400, "PUT", "/_plugins/_llm_rerank/models/" + c[0], c[1]);
            assertTrue(c[1] + ": expected [" + c[2] + "] in " + body, body.contains(c[2]));
            if (!c[1].contains(outsideDir.toString())) { // a path the request gave may be quoted back
                assertNoPathOrSecret(body);
            }
        }
        assertTrue(refusal(400, "DELETE", "/_plugins/_llm_rerank/models/bge-small", null).contains("bundled"));
        refusal(404, "DELETE", "/_plugins/_llm_rerank/models/never-registered", null);
        refusal(404, "GET", "/_plugins/_llm_rerank/models/never-registered", null);
        // the cluster settings API is no way around the checks that need no file system
        refusal(400, "PUT", "/_cluster/settings", "{\"persistent\": {\"plugins.llm_rerank.models.sneaky.path\": \"../../etc\"}}");
        refusal(400, "PUT", "/_cluster/settings", "{\"persistent\": {\"plugins.llm_rerank.models.bge-small.path\": \"good\"}}");
        String hugePrefix = refusal(400, "PUT", "/_cluster/settings", "{\"persistent\": {\"plugins.llm_rerank.models.wordy.path\": \"good\", "
            + "\"plugins.llm_rerank.models.wordy.passage_prefix\": \"" + "p".repeat(16_385) + "\"}}");
        assertTrue(hugePrefix, hugePrefix.contains("[passage_prefix] is 16385 characters, over the limit of 16384"));
        assertEquals(List.of("all-minilm-l6-v2", "bge-small", "bge-small-routed", "bge-small-routed-int8"), models().keySet().stream().sorted().toList());
    }

    /**
     * A Hugging Face checkpoint registered from the models directory runs every strategy through the clause. The checkpoint
     * is a tiny random STAND-IN (Qwen2 shape, written by the test): no LLM weights can be downloaded here, so its rankings
     * mean nothing; what is checked is the path: registration, loading on the node, each method end to end, counted FLOPs,
     * auto's decision under a budget, and a permutation of the first-stage hits every time.
     */
    @SuppressWarnings("unchecked")
    public void testStandInLlmCheckpointRunsEveryStrategyThroughTheClause() throws Exception {
        org.llmrerank.routing.runtime.llama.StandInLlama.write(modelsDir.resolve("qwen-stand-in"),
            org.llmrerank.routing.runtime.llama.StandInLlama.Shape.QWEN2, 7, org.llmrerank.routing.runtime.llama.StandInLlama.Layout.SINGLE_F32);
        assertEquals(Boolean.TRUE, call("PUT", "/_plugins/_llm_rerank/models/qwen-stand-in", "{\"path\": \"qwen-stand-in\"}").get("acknowledged"));
        assertAcked(prepareCreate("llm_docs").setSettings(Settings.builder().put("index.number_of_shards", 1).put("index.number_of_replicas", 0))
            .setMapping("text", "type=text"));
        String[] texts = {"the fox jumps over the dog", "a red fox in the forest", "stock markets fell today", "foxes are small mammals",
            "recipe for a fox cake", "the quick brown fox", "a fox and a dog", "fox news at night"};
        for (int i = 0; i < texts.length; i++) {
            client().prepareIndex("llm_docs").setId("d" + i).setSource("text", texts[i]).get();
        }
        refresh("llm_docs");
        String search = """
            {"size": 8, "query": {"match": {"text": "fox"}},
             "rescore": {"window_size": 8, "llm_rerank": {"model": "qwen-stand-in", "field": "text", "strategy": "%s", "top_k": 3%s}}}""";
        List<Object> firstStage = ((List<Map<String, Object>>) ((Map<String, Object>) call("POST", "/llm_docs/_search",
            "{\"size\": 8, \"query\": {\"match\": {\"text\": \"fox\"}}}").get("hits")).get("hits")).stream().map(h -> h.get("_id")).toList();
        for (String strategy : List.of("pointwise.yes_no", "setwise.heapsort", "setwise.bubblesort", "pairwise.heapsort", "pairwise.allpair",
            "listwise", "auto")) {
            Map<String, Object> r = call("POST", "/llm_docs/_search", String.format(java.util.Locale.ROOT, search, strategy, ""));
            Map<String, Object> ext = (Map<String, Object>) ((Map<String, Object>) r.get("ext")).get("llm_rerank");
            assertEquals(strategy + ": " + ext, "reranked", ext.get("status"));
            Map<String, Object> decision = (Map<String, Object>) ext.get("strategy_decision");
            assertNotNull(strategy + ": " + ext, decision.get("ran"));
            assertTrue(strategy + ": " + ext, ((Number) ext.get("flops_counted")).doubleValue() > 0);
            List<Object> ids = ((List<Map<String, Object>>) ((Map<String, Object>) r.get("hits")).get("hits")).stream().map(h -> h.get("_id")).toList();
            assertEquals(strategy, new java.util.TreeSet<>(firstStage), new java.util.TreeSet<>(ids));
            assertEquals(strategy, firstStage.size(), ids.size());
        }
        // auto under a budget too small for anything: first-stage order, said so, counted as a budget fallback
        Map<String, Object> none = call("POST", "/llm_docs/_search", String.format(java.util.Locale.ROOT, search, "auto", ", \"flops_budget\": \"1\""));
        Map<String, Object> ext = (Map<String, Object>) ((Map<String, Object>) none.get("ext")).get("llm_rerank");
        assertEquals(ext.toString(), "fallback", ext.get("status"));
        assertEquals("budget", ext.get("fallback_cause"));
        assertEquals(firstStage, ((List<Map<String, Object>>) ((Map<String, Object>) none.get("hits")).get("hits")).stream().map(h -> h.get("_id")).toList());
        assertEquals(Boolean.TRUE, call("DELETE", "/_plugins/_llm_rerank/models/qwen-stand-in", null).get("acknowledged"));
    }

    /**
     * Qwen3 and Gemma 2 checkpoints register through the models API as the Qwen2 one above does and rerank through the
     * clause: tiny random STAND-INs written by the test, the Gemma 2 one with a chat template in its tokenizer_config.json
     * that every prompt is then rendered in on the nodes.
     */
    @SuppressWarnings("unchecked")
    public void testStandInQwen3AndGemma2CheckpointsRegisterAndRerank() throws Exception {
        var qwen3 = org.llmrerank.routing.runtime.llama.StandInLlama.write(modelsDir.resolve("qwen3-stand-in"),
            org.llmrerank.routing.runtime.llama.StandInLlama.Shape.QWEN3, 7, org.llmrerank.routing.runtime.llama.StandInLlama.Layout.SINGLE_F32);
        var gemma2 = org.llmrerank.routing.runtime.llama.StandInLlama.write(modelsDir.resolve("gemma2-stand-in"),
            org.llmrerank.routing.runtime.llama.StandInLlama.Shape.GEMMA2, 7, org.llmrerank.routing.runtime.llama.StandInLlama.Layout.SINGLE_F32);
        Files.writeString(gemma2.resolve("tokenizer_config.json"), """
            {"bos_token": "<s>", "eos_token": "</s>", "chat_template": "{{ bos_token }}{% for m in messages %}{{ m['role'] }} : {{ m['content'] }}\\n{% endfor %}{% if add_generation_prompt %}Answer :{% endif %}"}""");
        assertAcked(prepareCreate("family_docs").setSettings(Settings.builder().put("index.number_of_shards", 1).put("index.number_of_replicas", 0))
            .setMapping("text", "type=text"));
        String[] texts = {"the cat eat fish", "a cat in the city", "the sun and the moon", "how the cat grow"};
        for (int i = 0; i < texts.length; i++) {
            client().prepareIndex("family_docs").setId("d" + i).setSource("text", texts[i]).get();
        }
        refresh("family_docs");
        for (String name : List.of(qwen3.getFileName().toString(), gemma2.getFileName().toString())) {
            assertEquals(Boolean.TRUE, call("PUT", "/_plugins/_llm_rerank/models/" + name, "{\"path\": \"" + name + "\"}").get("acknowledged"));
            for (String strategy : List.of("pointwise.yes_no", "setwise.heapsort")) {
                Map<String, Object> r = call("POST", "/family_docs/_search", String.format(java.util.Locale.ROOT, """
                    {"size": 4, "query": {"match": {"text": "cat"}},
                     "rescore": {"window_size": 4, "llm_rerank": {"model": "%s", "field": "text", "strategy": "%s", "top_k": 2}}}""",
                    name, strategy));
                Map<String, Object> ext = (Map<String, Object>) ((Map<String, Object>) r.get("ext")).get("llm_rerank");
                assertEquals(name + " " + strategy + ": " + ext, "reranked", ext.get("status"));
                assertTrue(name + " " + strategy + ": " + ext, ((Number) ext.get("flops_counted")).doubleValue() > 0);
            }
            assertEquals(Boolean.TRUE, call("DELETE", "/_plugins/_llm_rerank/models/" + name, null).get("acknowledged"));
        }
    }

    @SuppressWarnings("unchecked")
    public void testRegisterSearchDeleteAcrossNodes() throws Exception {
        writeMiniLm(modelsDir.resolve("minilm"));
        Map<String, Object> ack = call("PUT", "/_plugins/_llm_rerank/models/minilm-copy", put("minilm"));
        assertEquals(Boolean.TRUE, ack.get("acknowledged"));
        Map<String, Object> mine = (Map<String, Object>) models().get("minilm-copy");
        assertEquals("registered", mine.get("source"));
        assertEquals("minilm", mine.get("path"));
        assertEquals(2, ((Map<String, Object>) mine.get("nodes")).size());
        assertEquals("bundled", ((Map<String, Object>) models().get("bge-small")).get("source"));

        assertAcked(prepareCreate("docs").setSettings(Settings.builder().put("index.number_of_shards", 2).put("index.number_of_replicas", 0))
            .setMapping("text", "type=text"));
        String[] texts = {"the fox jumps over the dog", "a red fox in the forest at night", "stock markets fell sharply today",
            "foxes are small omnivorous mammals", "recipe for a fox shaped cake", "the quick brown fox"};
        for (int i = 0; i < texts.length; i++) {
            client().prepareIndex("docs").setId("d" + i).setSource("text", texts[i]).get();
        }
        refresh("docs");
        String search = """
            {"size": 6, "query": {"match": {"text": "fox"}},
             "rescore": {"window_size": 6, "llm_rerank": {"model": "%s", "field": "text"}}}""";
        Map<String, Object> registered = call("POST", "/docs/_search?search_type=dfs_query_then_fetch", String.format(java.util.Locale.ROOT, search, "minilm-copy"));
        Map<String, Object> bundled = call("POST", "/docs/_search?search_type=dfs_query_then_fetch", String.format(java.util.Locale.ROOT, search, "all-minilm-l6-v2"));
        assertEquals("reranked", ((Map<String, Object>) ((Map<String, Object>) registered.get("ext")).get("llm_rerank")).get("status"));
        List<Map<String, Object>> a = (List<Map<String, Object>>) ((Map<String, Object>) registered.get("hits")).get("hits");
        List<Map<String, Object>> b = (List<Map<String, Object>>) ((Map<String, Object>) bundled.get("hits")).get("hits");
        assertEquals(a.stream().map(h -> h.get("_id")).toList(), b.stream().map(h -> h.get("_id")).toList());
        for (int i = 0; i < a.size(); i++) {
            assertEquals(((Number) b.get(i).get("_score")).doubleValue(), ((Number) a.get(i).get("_score")).doubleValue(), 1e-6);
        }
        Map<String, Object> nodes = (Map<String, Object>) ((Map<String, Object>) models().get("minilm-copy")).get("nodes");
        assertTrue(nodes.toString(), nodes.values().stream().anyMatch(n -> Boolean.TRUE.equals(((Map<String, Object>) n).get("loaded"))));

        assertEquals(Boolean.TRUE, call("DELETE", "/_plugins/_llm_rerank/models/minilm-copy", null).get("acknowledged"));
        assertFalse(models().containsKey("minilm-copy"));
        refusal(404, "GET", "/_plugins/_llm_rerank/models/minilm-copy", null);
        String body = refusal(400, "POST", "/docs/_search", String.format(java.util.Locale.ROOT, search, "minilm-copy"));
        assertTrue(body, body.contains("minilm-copy"));
    }

    /**
     * A registration written straight into the cluster settings passes the checks that need no file system; its files
     * are checked when a node loads it, and the refusal reaches every searcher (fallback_reason) and the stats
     * (last_error): it must name the file relatively, say why, and show nothing of the file.
     */
    @SuppressWarnings("unchecked")
    public void testLoadFailuresShowNoPathOrFileContent() throws Exception {
        hardLinkedConfig("linked_via_settings");
        assertAcked(client().admin().cluster().prepareUpdateSettings().setPersistentSettings(Settings.builder()
            .put("plugins.llm_rerank.models.sneaky.path", "linked_via_settings").put("plugins.llm_rerank.models.sneaky.pooling", "mean")));
        try {
            assertAcked(prepareCreate("sneaky_docs").setSettings(Settings.builder().put("index.number_of_shards", 1)
                .put("index.number_of_replicas", 0)).setMapping("text", "type=text"));
            client().prepareIndex("sneaky_docs").setId("d0").setSource("text", "the quick brown fox").get();
            refresh("sneaky_docs");
            Map<String, Object> r = call("POST", "/sneaky_docs/_search", """
                {"query": {"match": {"text": "fox"}}, "rescore": {"window_size": 5, "llm_rerank": {"model": "sneaky", "field": "text"}}}""");
            Map<String, Object> ext = (Map<String, Object>) ((Map<String, Object>) r.get("ext")).get("llm_rerank");
            assertEquals(ext.toString(), "fallback", ext.get("status"));
            String reason = String.valueOf(ext.get("fallback_reason"));
            assertTrue(reason, reason.contains("[linked_via_settings/config.json] is a hard link"));
            assertNoPathOrSecret(reason);
            String stats = String.valueOf(call("GET", "/_plugins/_llm_rerank/stats", null));
            assertTrue(stats, stats.contains("[linked_via_settings/config.json] is a hard link"));
            assertNoPathOrSecret(stats);
        } finally {
            assertAcked(client().admin().cluster().prepareUpdateSettings().setPersistentSettings(Settings.builder()
                .putNull("plugins.llm_rerank.models.sneaky.path").putNull("plugins.llm_rerank.models.sneaky.pooling")));
        }
    }
}
