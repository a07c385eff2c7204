package org.llmrerank.estimator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HfConfigTest {

    @TempDir
    Path dir;

    private Architecture read(String json) throws IOException {
        Path f = dir.resolve("config.json");
        Files.writeString(f, json);
        return HfConfig.read(f).architecture();
    }

    @Test
    void qwen2MatchesPreset() throws IOException {
        Architecture a = read("""
                {"architectures": ["Qwen2ForCausalLM"], "model_type": "qwen2", "hidden_size": 3584,
                 "intermediate_size": 18944, "num_attention_heads": 28, "num_hidden_layers": 28,
                 "num_key_value_heads": 4, "vocab_size": 152064, "rope_theta": 1000000.0}""");
        Architecture preset = Presets.get("qwen2.5-7b");
        assertEquals(preset, new Architecture(preset.name(), a.kind(), a.nLayer(), a.dModel(), a.dFf(), a.nHeads(),
                a.nKvHeads(), a.dAttn(), a.vocab(), a.ffnMatrices()));
    }

    @Test
    void mistralHeadDimAndDefaultKvHeads() throws IOException {
        Architecture a = read("""
                {"model_type": "mistral", "hidden_size": 5120, "intermediate_size": 14336, "num_attention_heads": 32,
                 "num_hidden_layers": 40, "head_dim": 128, "vocab_size": 131072}""");
        assertEquals(32, a.nKvHeads());
        assertEquals(32 * 128, a.dAttn());
        assertEquals(3, a.ffnMatrices());
    }

    /**
     * Qwen3 and Gemma give head_dim wider than hidden_size / heads, and Gemma's GeGLU has three matrices like
     * SwiGLU: the parameter count per token (what the FLOPs scale with) must reproduce the sizes the model cards
     * publish. Configs as released: Qwen3-0.6B (card: 0.44B non-embedding parameters), gemma-2-2b (2.61B
     * parameters, embeddings tied) and gemma-7b (8.54B, tied).
     */
    @Test
    void qwen3AndGemmaReproducePublishedSizes() throws IOException {
        Architecture qwen3 = read("""
                {"architectures": ["Qwen3ForCausalLM"], "model_type": "qwen3", "hidden_size": 1024, "head_dim": 128,
                 "intermediate_size": 3072, "num_attention_heads": 16, "num_hidden_layers": 28, "num_key_value_heads": 8,
                 "vocab_size": 151936, "tie_word_embeddings": true, "attention_bias": false}""");
        assertEquals(16 * 128, qwen3.dAttn(), "head_dim, not hidden_size / heads");
        assertEquals(0.44e9, FlopsEstimator.nonEmbeddingParams(qwen3), 0.005e9);
        Architecture gemma2 = read("""
                {"architectures": ["Gemma2ForCausalLM"], "model_type": "gemma2", "hidden_size": 2304, "head_dim": 256,
                 "intermediate_size": 9216, "num_attention_heads": 8, "num_hidden_layers": 26, "num_key_value_heads": 4,
                 "vocab_size": 256000, "hidden_activation": "gelu_pytorch_tanh", "sliding_window": 4096,
                 "query_pre_attn_scalar": 256, "attn_logit_softcapping": 50.0, "final_logit_softcapping": 30.0}""");
        assertEquals(3, gemma2.ffnMatrices(), "GeGLU: gate, up, down");
        assertEquals(2.61e9, FlopsEstimator.nonEmbeddingParams(gemma2) + 256000.0 * 2304, 0.005e9);
        Architecture gemma = read("""
                {"architectures": ["GemmaForCausalLM"], "model_type": "gemma", "hidden_size": 3072, "head_dim": 256,
                 "intermediate_size": 24576, "num_attention_heads": 16, "num_hidden_layers": 28, "num_key_value_heads": 16,
                 "vocab_size": 256000, "hidden_act": "gelu"}""");
        assertEquals(8.54e9, FlopsEstimator.nonEmbeddingParams(gemma) + 256000.0 * 3072, 0.005e9);
        // one layer's weights, written out: Q and O 1024 x 16·128, K and V 1024 x 8·128, three 1024 x 3072 FFN matrices
        double layer = 1024.0 * (16 * 128 + 2 * 8 * 128 + 16 * 128) + 3.0 * 1024 * 3072;
        assertEquals(layer, FlopsEstimator.decoderLayerParams(qwen3));
    }

    @Test
    void t5GatedAndRelu() throws IOException {
        Architecture flan = read("""
                {"model_type": "t5", "d_model": 1024, "d_ff": 2816, "d_kv": 64, "num_heads": 16, "num_layers": 24,
                 "num_decoder_layers": 24, "vocab_size": 32128, "feed_forward_proj": "gated-gelu"}""");
        assertEquals(Presets.get("flan-t5-large").withFfnMatrices(3).dAttn(), flan.dAttn());
        assertEquals(3, flan.ffnMatrices());
        assertEquals(Architecture.Kind.ENCODER_DECODER, flan.kind());
        Architecture t5 = read("""
                {"model_type": "t5", "d_model": 512, "d_ff": 2048, "d_kv": 64, "num_heads": 8, "num_layers": 6,
                 "vocab_size": 32128}""");
        assertEquals(2, t5.ffnMatrices());
    }

    @Test
    void bertIsEncoderOnly() throws IOException {
        Architecture a = read("""
                {"model_type": "bert", "hidden_size": 384, "intermediate_size": 1536, "num_attention_heads": 12,
                 "num_hidden_layers": 12, "vocab_size": 30522}""");
        Architecture bge = Presets.get("bge-small-en-v1.5");
        assertEquals(FlopsEstimator.encoderOnly(bge, 100), FlopsEstimator.encoderOnly(a, 100));
    }

    @Test
    void errorsNameTheField() {
        InputException missing = assertThrows(InputException.class, () -> read("""
                {"model_type": "llama", "hidden_size": 4096, "num_attention_heads": 32, "num_hidden_layers": 32,
                 "vocab_size": 128256}"""));
        assertTrue(missing.getMessage().endsWith("config.json: missing field 'intermediate_size'"), missing.getMessage());
        InputException wrongType = assertThrows(InputException.class, () -> read("""
                {"model_type": "bert", "hidden_size": "384", "intermediate_size": 1536, "num_attention_heads": 12,
                 "num_hidden_layers": 12, "vocab_size": 30522}"""));
        assertTrue(wrongType.getMessage().endsWith("field 'hidden_size' must be a positive integer, got \"384\""), wrongType.getMessage());
        assertEquals("must be a positive integer, got a string", ((ConfigException) wrongType).problem(), "the API's wording quotes no string");
        InputException noType = assertThrows(InputException.class, () -> read("{\"hidden_size\": 1}"));
        assertTrue(noType.getMessage().contains("'model_type'"));
        InputException unsupported = assertThrows(InputException.class, () -> read("{\"model_type\": \"gpt2\"}"));
        assertTrue(unsupported.getMessage().contains("[gpt2] is not supported") && unsupported.getMessage().contains("llama"));
        InputException malformed = assertThrows(InputException.class, () -> read("{\"model_type\": \"bert\",\n  oops}"));
        assertTrue(malformed.getMessage().contains("config.json: not valid JSON at line 2, column 3: "), malformed.getMessage());
        assertEquals("[m/config.json] is not valid JSON (line 2, column 3)", assertThrows(ConfigException.class,
                () -> HfConfig.parse("{\"model_type\": \"bert\",\n  oops}".getBytes(), "m/config.json")).framed("m/config.json"));
        InputException gqa = assertThrows(InputException.class, () -> read("""
                {"model_type": "qwen2", "hidden_size": 64, "intermediate_size": 128, "num_attention_heads": 4,
                 "num_hidden_layers": 2, "num_key_value_heads": 3, "vocab_size": 100}"""));
        assertTrue(gqa.getMessage().endsWith("config.json: num_attention_heads (4) must be a multiple of num_key_value_heads (3)"),
                gqa.getMessage());
    }

    @Test
    void shapeFieldsAreIntegersUpToAMillion() {
        HfConfig c = HfConfig.parse("""
                {"a": 6.0, "b": 6.5, "c": 1000001, "d": 0, "e": "7", "f": null, "g": 1000000}""".getBytes(), "x/config.json");
        assertEquals(6, c.positiveInt("a"));
        assertEquals(1_000_000, c.positiveInt("g"));
        assertEquals(3, c.positiveInt("f", 3));
        assertEquals(3, c.positiveInt("missing", 3));
        ConfigException half = assertThrows(ConfigException.class, () -> c.positiveInt("b"));
        assertEquals("b", half.field());
        assertEquals("[x/config.json].b must be a positive integer, got [6.5]", half.framed("x/config.json"));
        assertEquals("must be a positive integer, got [1000001]", assertThrows(ConfigException.class, () -> c.positiveInt("c")).problem());
        assertEquals("must be a positive integer, got [0]", assertThrows(ConfigException.class, () -> c.positiveInt("d")).problem());
        assertEquals("must be a positive integer, got a string", assertThrows(ConfigException.class, () -> c.positiveInt("e")).problem());
        assertEquals("must be a positive integer, got [null]", assertThrows(ConfigException.class, () -> c.positiveInt("f")).problem());
    }

    @Test
    void anEncoderConfigNeedsNoModelTypeButRefusesOtherFamilies() {
        HfConfig plain = HfConfig.parse("""
                {"hidden_size": 384, "intermediate_size": 1536, "num_attention_heads": 12, "num_hidden_layers": 6,
                 "vocab_size": 30522}""".getBytes(), "m/config.json");
        Architecture a = plain.encoderArchitecture("minilm");
        assertEquals("minilm", a.name());
        assertEquals(Architecture.encoderOnly("minilm", 6, 384, 1536, 12, 30522), a);
        ConfigException llm = assertThrows(ConfigException.class, () -> HfConfig.parse("{\"model_type\": \"qwen2\"}".getBytes(),
                "m/config.json").encoderArchitecture("m"));
        assertTrue(llm.framed("m/config.json").startsWith("[m/config.json].model_type [qwen2] is not a BERT-class encoder"),
                llm.framed("m/config.json"));
        ConfigException secret = assertThrows(ConfigException.class, () -> HfConfig.parse(
                "{\"model_type\": \"a secret with spaces\"}".getBytes(), "m/config.json").encoderArchitecture("m"));
        assertTrue(!secret.getMessage().contains("secret"), secret.getMessage());
        ConfigException heads = assertThrows(ConfigException.class, () -> HfConfig.parse("""
                {"hidden_size": 384, "intermediate_size": 1536, "num_attention_heads": 5, "num_hidden_layers": 6,
                 "vocab_size": 30522}""".getBytes(), "m/config.json").encoderArchitecture("m"));
        assertEquals("[m/config.json].hidden_size 384 is not a multiple of num_attention_heads 5", heads.framed("m/config.json"));
        assertEquals("[m/config.json] is not a JSON object",
                assertThrows(ConfigException.class, () -> HfConfig.parse("[1]".getBytes(), "m/config.json")).framed("m/config.json"));
    }

    @Test
    void unknownPresetListsKnownOnes() {
        InputException e = assertThrows(InputException.class, () -> Presets.get("gpt-5"));
        assertTrue(e.getMessage().contains("flan-t5-xl") && e.getMessage().contains("all-minilm-l6-v2"));
        assertEquals(6, Presets.get("ALL-MiniLM-L6-v2").nLayer());
        assertEquals(384, Presets.get("bge-small-en-v1.5").dModel());
    }
}
