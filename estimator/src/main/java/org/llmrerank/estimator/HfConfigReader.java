package org.llmrerank.estimator;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Set;

/**
 * Reads an {@link Architecture} from a Hugging Face {@code config.json}. Field names per family:
 * <ul>
 *   <li>Llama / Mistral / Qwen2 / Qwen3 / Gemma / Gemma 2 ({@code model_type} llama, mistral, qwen2,
 *       qwen3, gemma, gemma2): num_hidden_layers, hidden_size, intermediate_size, num_attention_heads,
 *       num_key_value_heads (default = heads), head_dim (default hidden_size / heads; Qwen3 and Gemma
 *       give it, wider than hidden_size / heads), vocab_size; gated FFN (SwiGLU, or GeGLU for Gemma), so
 *       3 matrices. Qwen3's per-head Q/K norms and Gemma's extra norms, embedding scale and soft caps
 *       cost no matmul, so they add nothing.</li>
 *   <li>T5 / mT5 / UMT5: num_layers, num_decoder_layers (must equal num_layers), d_model, d_ff,
 *       num_heads, d_kv, vocab_size, feed_forward_proj ("gated-*" = 3 matrices, else 2).</li>
 *   <li>BERT / RoBERTa / XLM-R: num_hidden_layers, hidden_size, intermediate_size,
 *       num_attention_heads, vocab_size; 2 matrices.</li>
 * </ul>
 * Any missing or non-positive-integer field is reported by name.
 */
public final class HfConfigReader {

    private static final Set<String> DECODERS = Set.of("llama", "mistral", "qwen2", "qwen3", "gemma", "gemma2");
    private static final Set<String> T5S = Set.of("t5", "mt5", "umt5");
    private static final Set<String> ENCODERS = Set.of("bert", "roberta", "xlm-roberta");

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private HfConfigReader() {}

    public static Architecture read(Path configJson) {
        JsonNode root;
        try {
            root = MAPPER.readTree(Files.readString(configJson));
        } catch (JsonProcessingException e) {
            throw new InputException(configJson + ": not valid JSON at line " + e.getLocation().getLineNr()
                    + ", column " + e.getLocation().getColumnNr() + ": " + e.getOriginalMessage(), e);
        } catch (IOException e) {
            throw new InputException(configJson + ": cannot read: " + e.getMessage(), e);
        }
        return parse(root, configJson.toString());
    }

    /** Parses an already-loaded config; {@code source} names it in error messages. */
    public static Architecture parse(JsonNode root, String source) {
        if (root == null || !root.isObject()) {
            throw new InputException(source + ": config.json must be a JSON object");
        }
        Fields f = new Fields(root, source);
        String type = f.string("model_type").toLowerCase(Locale.ROOT);
        if (DECODERS.contains(type)) {
            int layers = f.positiveInt("num_hidden_layers");
            int d = f.positiveInt("hidden_size");
            int heads = f.positiveInt("num_attention_heads");
            int kv = f.optionalPositiveInt("num_key_value_heads", heads);
            int headDim = f.optionalPositiveInt("head_dim", d / heads);
            if (heads % kv != 0) {
                throw new InputException(source + ": num_attention_heads (" + heads
                        + ") must be a multiple of num_key_value_heads (" + kv + ")");
            }
            return new Architecture(source, Architecture.Kind.DECODER_ONLY, layers, d,
                    f.positiveInt("intermediate_size"), heads, kv, heads * headDim, f.positiveInt("vocab_size"), 3);
        }
        if (T5S.contains(type)) {
            int layers = f.positiveInt("num_layers");
            int decoderLayers = f.optionalPositiveInt("num_decoder_layers", layers);
            if (decoderLayers != layers) {
                throw new InputException(source + ": num_decoder_layers (" + decoderLayers + ") differs from "
                        + "num_layers (" + layers + "); the estimator assumes equal stacks as the paper does");
            }
            String proj = root.path("feed_forward_proj").asText("relu");
            int matrices = proj.startsWith("gated-") ? 3 : 2;
            return Architecture.encoderDecoder(source, layers, f.positiveInt("d_model"), f.positiveInt("d_ff"),
                    f.positiveInt("num_heads"), f.positiveInt("d_kv"), f.positiveInt("vocab_size"), matrices);
        }
        if (ENCODERS.contains(type)) {
            return Architecture.encoderOnly(source, f.positiveInt("num_hidden_layers"), f.positiveInt("hidden_size"),
                    f.positiveInt("intermediate_size"), f.positiveInt("num_attention_heads"),
                    f.positiveInt("vocab_size"));
        }
        throw new InputException(source + ": unsupported model_type '" + type + "'; supported: "
                + String.join(", ", DECODERS) + ", " + String.join(", ", T5S) + ", " + String.join(", ", ENCODERS));
    }

    /** Field access that names the offending field. */
    private record Fields(JsonNode root, String source) {

        String string(String field) {
            JsonNode n = root.get(field);
            if (n == null || n.isNull()) {
                throw new InputException(source + ": missing field '" + field + "'");
            }
            if (!n.isTextual()) {
                throw new InputException(source + ": field '" + field + "' must be a string, got " + n);
            }
            return n.asText();
        }

        int positiveInt(String field) {
            JsonNode n = root.get(field);
            if (n == null || n.isNull()) {
                throw new InputException(source + ": missing field '" + field + "'");
            }
            return check(field, n);
        }

        int optionalPositiveInt(String field, int fallback) {
            JsonNode n = root.get(field);
            return n == null || n.isNull() ? fallback : check(field, n);
        }

        private int check(String field, JsonNode n) {
            if (!n.isIntegralNumber() || !n.canConvertToInt() || n.intValue() <= 0) {
                throw new InputException(source + ": field '" + field + "' must be a positive integer, got " + n);
            }
            return n.intValue();
        }
    }
}
