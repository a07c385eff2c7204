package org.llmrerank.estimator;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;

/**
 * A Hugging Face {@code config.json}, parsed once: typed access to its fields, with every problem reported as a
 * {@link ConfigException} naming the field, and the {@link Architecture} the FLOPs estimator needs. The runtimes' own
 * configurations (Llama family, T5) and the check of a registered graph against its config read their fields here.
 *
 * <p>Shape fields per family:
 * <ul>
 *   <li>Llama / Mistral / Qwen2 / Qwen3 / Gemma / Gemma 2 ({@code model_type} llama, mistral, qwen2,
 *       qwen3, gemma, gemma2): num_hidden_layers, hidden_size, intermediate_size, num_attention_heads,
 *       num_key_value_heads (default = heads), head_dim (default hidden_size / heads; Qwen3 and Gemma
 *       give it, wider than hidden_size / heads), vocab_size; gated FFN (SwiGLU, or GeGLU for Gemma), so
 *       3 matrices. Qwen3's per-head Q/K norms and Gemma's extra norms, embedding scale and soft caps
 *       cost no matmul, so they add nothing.</li>
 *   <li>T5 / mT5 / UMT5: num_layers, num_decoder_layers (must equal num_layers), d_model, d_ff,
 *       num_heads, d_kv, vocab_size, feed_forward_proj ("gated-*" = 3 matrices, else 2).</li>
 *   <li>BERT-class encoders (BERT, RoBERTa, XLM-R, DistilBERT, MPNet, ELECTRA, Nomic BERT): num_hidden_layers,
 *       hidden_size, num_attention_heads, intermediate_size, vocab_size; 2 matrices.</li>
 * </ul>
 * A shape field must be an integer from 1 to {@value #MAX_SHAPE}: larger numbers describe no model and would only
 * make every estimate fiction.
 */
public final class HfConfig {

    /** The file name in a model directory. */
    public static final String FILE_NAME = "config.json";
    /** Largest value a shape field (layers, widths, heads, vocabulary) may have. */
    public static final int MAX_SHAPE = 1_000_000;

    private static final Set<String> DECODERS = Set.of("llama", "mistral", "qwen2", "qwen3", "gemma", "gemma2");
    private static final Set<String> T5S = Set.of("t5", "mt5", "umt5");
    /** Encoders with BERT's inputs, blocks and last_hidden_state output. */
    public static final Set<String> ENCODER_TYPES =
        Set.of("bert", "roberta", "xlm-roberta", "distilbert", "mpnet", "electra", "nomic_bert");

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private final JsonNode root;
    private final String source;

    private HfConfig(JsonNode root, String source) {
        this.root = root;
        this.source = source;
    }

    /** Reads and parses {@code file}, named by its path in messages. */
    public static HfConfig read(Path file) {
        return read(file, file.toString());
    }

    /**
     * Reads and parses {@code file}; {@code source} names it in messages. A file a user points at by its path: the
     * messages may quote it.
     */
    public static HfConfig read(Path file, String source) {
        JsonNode root;
        try {
            root = MAPPER.readTree(Files.readAllBytes(file));
        } catch (JsonProcessingException e) {
            throw new InputException(source + ": not valid JSON" + (e.getLocation() == null ? "" : " at line "
                + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr()) + ": " + e.getOriginalMessage(), e);
        } catch (IOException e) {
            throw new InputException(source + ": cannot read: " + e.getMessage(), e);
        }
        return of(root, source);
    }

    /**
     * Parses a file's content already read; {@code source} names it in messages, which quote none of it (a syntax
     * error is reported by position: the parser's own message quotes the offending text).
     */
    public static HfConfig parse(byte[] content, String source) {
        JsonNode root;
        try {
            root = MAPPER.readTree(content);
        } catch (JsonProcessingException e) {
            String where = e.getLocation() == null ? ""
                : " (line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr() + ")";
            throw ConfigException.file(source, "is not valid JSON" + where);
        } catch (IOException e) {
            throw ConfigException.file(source, "cannot be read: " + e.getClass().getSimpleName());
        }
        return of(root, source);
    }

    /** A configuration already in memory (a stand-in's, built in code). */
    public static HfConfig of(JsonNode root, String source) {
        if (root == null || !root.isObject()) {
            throw ConfigException.file(source, "is not a JSON object");
        }
        return new HfConfig(root, source);
    }

    public String source() {
        return source;
    }

    /** {@code model_type}, lower-cased; empty when the file has none. */
    public String modelType() {
        return root.path("model_type").asText("").toLowerCase(Locale.ROOT);
    }

    /** Whether the file has {@code field} at all (JSON null included). */
    public boolean contains(String field) {
        return root.has(field);
    }

    /** Whether {@code field} is present and not JSON null. */
    public boolean hasValue(String field) {
        return root.hasNonNull(field);
    }

    /** A shape field: an integer from 1 to {@value #MAX_SHAPE}. */
    public int positiveInt(String field) {
        JsonNode v = root.get(field);
        if (v == null || !v.isNumber() || v.doubleValue() != Math.rint(v.doubleValue()) || v.longValue() <= 0
            || v.longValue() > MAX_SHAPE) {
            throw invalid(field, "must be a positive integer", v);
        }
        return v.intValue();
    }

    /** {@link #positiveInt(String)}, or {@code fallback} when the field is absent or null. */
    public int positiveInt(String field, int fallback) {
        return hasValue(field) ? positiveInt(field) : fallback;
    }

    /** A number above 0, or {@code fallback} when the field is absent or null. */
    public double positiveNumber(String field, double fallback) {
        JsonNode v = root.get(field);
        if (v == null || v.isNull()) {
            return fallback;
        }
        if (!v.isNumber() || !(v.asDouble() > 0)) {
            throw invalid(field, "must be a positive number", v);
        }
        return v.asDouble();
    }

    /** An optional setting read as Jackson reads it (a number, a numeric string), {@code fallback} otherwise. */
    public int integer(String field, int fallback) {
        return root.path(field).asInt(fallback);
    }

    /** As {@link #integer}, for token ids. */
    public long longInteger(String field, long fallback) {
        return root.path(field).asLong(fallback);
    }

    /** As {@link #integer}, for floating-point settings. */
    public double number(String field, double fallback) {
        return root.path(field).asDouble(fallback);
    }

    /** As {@link #integer}, for switches. */
    public boolean flag(String field, boolean fallback) {
        return root.path(field).asBoolean(fallback);
    }

    /** As {@link #integer}, for names. */
    public String text(String field, String fallback) {
        return root.path(field).asText(fallback);
    }

    /** A structured setting (an object or a list) as parsed; null when absent. */
    public JsonNode node(String field) {
        return root.get(field);
    }

    /** A problem with {@code field} that is not its value alone; {@code problem} follows the field's name. */
    public ConfigException problem(String field, String problem) {
        return ConfigException.field(source, field, problem);
    }

    private ConfigException invalid(String field, String requirement, JsonNode v) {
        return ConfigException.value(source, field, requirement, v == null || v.isNull() ? null : v.toString(), describe(v));
    }

    /** The shape, named after the file's source. */
    public Architecture architecture() {
        return architecture(source);
    }

    /**
     * The shape of a model of a family the estimator knows, named {@code name}.
     *
     * @throws ConfigException for an unknown {@code model_type} or a shape field that is missing or out of range
     */
    public Architecture architecture(String name) {
        if (!hasValue("model_type") || !root.get("model_type").isTextual()) {
            throw invalid("model_type", "must be a string", root.get("model_type"));
        }
        String type = modelType();
        if (DECODERS.contains(type)) {
            int layers = positiveInt("num_hidden_layers");
            int d = positiveInt("hidden_size");
            int heads = positiveInt("num_attention_heads");
            int kv = positiveInt("num_key_value_heads", heads);
            int headDim = positiveInt("head_dim", d / heads);
            if (heads % kv != 0) {
                throw problem("num_attention_heads", "(" + heads + ") must be a multiple of num_key_value_heads (" + kv + ")");
            }
            return new Architecture(name, Architecture.Kind.DECODER_ONLY, layers, d, positiveInt("intermediate_size"), heads, kv,
                heads * headDim, positiveInt("vocab_size"), 3);
        }
        if (T5S.contains(type)) {
            int layers = positiveInt("num_layers");
            int decoderLayers = positiveInt("num_decoder_layers", layers);
            if (decoderLayers != layers) {
                throw problem("num_decoder_layers", "(" + decoderLayers + ") differs from num_layers (" + layers
                    + "); the estimator assumes equal stacks as the paper does");
            }
            int matrices = text("feed_forward_proj", "relu").startsWith("gated-") ? 3 : 2;
            return Architecture.encoderDecoder(name, layers, positiveInt("d_model"), positiveInt("d_ff"), positiveInt("num_heads"),
                positiveInt("d_kv"), positiveInt("vocab_size"), matrices);
        }
        if (ENCODER_TYPES.contains(type)) {
            return encoderArchitecture(name);
        }
        throw problem("model_type", quoted(type) + " is not supported; supported: " + new TreeSet<>(DECODERS) + " (decoders), "
            + new TreeSet<>(T5S) + " (encoder-decoders), " + new TreeSet<>(ENCODER_TYPES) + " (encoders)");
    }

    /**
     * The shape of a BERT-class encoder (an ONNX export beside this config), named {@code name}; a config without
     * {@code model_type} is taken for one. Refuses any other model type.
     */
    public Architecture encoderArchitecture(String name) {
        if (contains("model_type") && !ENCODER_TYPES.contains(root.get("model_type").asText().toLowerCase(Locale.ROOT))) {
            throw problem("model_type", quoted(root.get("model_type").asText()) + " is not a BERT-class encoder "
                + ENCODER_TYPES + "; generative LLM checkpoints are registered as safetensors checkpoints");
        }
        int layers = positiveInt("num_hidden_layers");
        int hidden = positiveInt("hidden_size");
        int heads = positiveInt("num_attention_heads");
        int ffn = positiveInt("intermediate_size");
        int vocab = positiveInt("vocab_size");
        if (hidden % heads != 0) {
            throw problem("hidden_size", hidden + " is not a multiple of num_attention_heads " + heads);
        }
        return Architecture.encoderOnly(name, layers, hidden, ffn, heads, vocab);
    }

    /** A value in a message: short identifiers as they are, anything else only described (never echoed). */
    public static String quoted(String value) {
        return value.matches("[A-Za-z0-9_.-]{1,64}") ? "[" + value + "]" : "(a value that is not a model type name)";
    }

    /** A field's value in a message: numbers as they are, anything else by its kind. */
    private static String describe(JsonNode v) {
        return v == null || v.isNull() ? "[null]" : v.isNumber() ? "[" + v + "]" : "a " + v.getNodeType().name().toLowerCase(Locale.ROOT);
    }
}
