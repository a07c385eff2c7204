package org.llmrerank.estimator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HfConfigReaderTest {

    @TempDir
    Path dir;

    private Architecture read(String json) throws IOException {
        Path f = dir.resolve("config.json");
        Files.writeString(f, json);
        return HfConfigReader.read(f);
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
        assertTrue(missing.getMessage().contains("'intermediate_size'"), missing.getMessage());
        InputException wrongType = assertThrows(InputException.class, () -> read("""
                {"model_type": "bert", "hidden_size": "384", "intermediate_size": 1536, "num_attention_heads": 12,
                 "num_hidden_layers": 12, "vocab_size": 30522}"""));
        assertTrue(wrongType.getMessage().contains("'hidden_size' must be a positive integer"), wrongType.getMessage());
        InputException noType = assertThrows(InputException.class, () -> read("{\"hidden_size\": 1}"));
        assertTrue(noType.getMessage().contains("'model_type'"));
        InputException unsupported = assertThrows(InputException.class, () -> read("{\"model_type\": \"gpt2\"}"));
        assertTrue(unsupported.getMessage().contains("gpt2") && unsupported.getMessage().contains("llama"));
        InputException malformed = assertThrows(InputException.class, () -> read("{\"model_type\": \"bert\",\n  oops}"));
        assertTrue(malformed.getMessage().contains("line 2"), malformed.getMessage());
    }

    @Test
    void unknownPresetListsKnownOnes() {
        InputException e = assertThrows(InputException.class, () -> Presets.get("gpt-5"));
        assertTrue(e.getMessage().contains("flan-t5-xl") && e.getMessage().contains("all-minilm-l6-v2"));
        assertEquals(6, Presets.get("ALL-MiniLM-L6-v2").nLayer());
        assertEquals(384, Presets.get("bge-small-en-v1.5").dModel());
    }
}
