package org.llmrerank.routing.runtime.llama;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.llmrerank.estimator.HfConfig;
import org.llmrerank.routing.hf.SafetensorsFile.Dtype;
import org.llmrerank.routing.hf.SafetensorsWriter;
import org.llmrerank.routing.hf.StandInTokenizer;
import org.llmrerank.routing.runtime.llama.LlamaCheckpoint.Tensor;

/**
 * STAND-IN checkpoints: tiny Llama / Qwen2 / Qwen3 / Gemma / Gemma 2 models with random weights, written in the Hugging Face
 * layout (config.json, *.safetensors, tokenizer.json), because no real LLM weights can be
 * downloaded here. They exercise the same loader, runtime and adapters a real checkpoint does;
 * their outputs mean nothing as relevance judgements.
 *
 * <p>The tokenizer is a WordLevel model (whitespace and punctuation split, case-sensitive) over
 * the words of the papers' prompts plus a small passage vocabulary, with {@code <s>} prepended as
 * Llama's post-processor does.
 */
public final class StandInLlama {

    /** Prompt words of Setwise paper, pointwise prompts; Setwise paper, setwise prompt and a passage vocabulary; anything else becomes {@code <unk>}. */
    public static final List<String> WORDS = List.of(
            "<unk>", "<s>", "</s>",
            "Passage", "Query", "Does", "the", "passage", "answer", "query", "Answer", "Yes", "No", "or",
            "Please", "write", "a", "question", "based", "on", "this", "Given", "which", "of", "following",
            "passages", "is", "most", "relevant", "one", "to", "Output", "only", "label",
            ":", "?", "'", "\"", ",", ".", "\",", "?'", "'?", "\".", ":\"",
            "A", "B", "C", "D", "E", "F", "G", "H", "I", "J", "K", "L", "M", "N", "O", "P", "Q", "R", "S", "T",
            "U", "V", "W",
            "cat", "dog", "sun", "moon", "river", "city", "tree", "car", "music", "water", "fire", "book",
            "house", "light", "stone", "bird", "ship", "road", "rain", "snow", "what", "how", "why", "when",
            "does", "do", "are", "in", "at", "by", "with", "for", "and", "from", "its", "color", "size",
            "history", "made", "eat", "live", "grow", "fly", "run");

    /**
     * The model's shape; {@code vocab} must cover {@link #WORDS}. {@code headDim} 0 means hidden / heads;
     * {@code slidingWindow} is written for Gemma 2 only.
     */
    public record Shape(String modelType, int layers, int hidden, int heads, int kvHeads, int intermediate, int vocab,
                        boolean tied, int maxPositions, double ropeTheta, int headDim, int slidingWindow) {

        public Shape(String modelType, int layers, int hidden, int heads, int kvHeads, int intermediate, int vocab,
                     boolean tied, int maxPositions, double ropeTheta) {
            this(modelType, layers, hidden, heads, kvHeads, intermediate, vocab, tied, maxPositions, ropeTheta, 0, 0);
        }

        /** 3 layers, d = 48, 4 query heads sharing 2 K/V heads (head dim 12), Qwen2 (Q/K/V biases). */
        public static final Shape QWEN2 = new Shape("qwen2", 3, 48, 4, 2, 96, 160, false, 512, 10000.0);

        /** Llama without biases and with tied embeddings. */
        public static final Shape LLAMA_TIED = new Shape("llama", 2, 32, 4, 2, 64, 160, true, 512, 500000.0);

        /**
         * Qwen3: per-head Q/K norms, no biases, and a head dimension (16) that is not hidden / heads (as in
         * the real Qwen3 models, whose 128-wide heads are wider than hidden / heads).
         */
        public static final Shape QWEN3 = new Shape("qwen3", 3, 48, 4, 2, 96, 160, false, 512, 1000000.0, 16, 0);

        /** Gemma: (1 + w) norms, embeddings scaled by sqrt(48), GeGLU, tied embeddings, head dim 16. */
        public static final Shape GEMMA = new Shape("gemma", 3, 48, 4, 1, 96, 160, true, 512, 10000.0, 16, 0);

        /**
         * Gemma 2 on top of Gemma: four norms per block, soft caps, query_pre_attn_scalar, and layers 0 and 2
         * sliding over a 6-token window, so that prompts of a few dozen tokens do reach past it. The caps
         * and the scalar are set small ({@link #GEMMA2_CAPS}) so they bend these tiny models' values.
         */
        public static final Shape GEMMA2 = new Shape("gemma2", 3, 48, 4, 2, 96, 160, true, 512, 10000.0, 16, 6);
    }

    /** Gemma 2 stand-in attention cap, final-logit cap and query_pre_attn_scalar. */
    public static final double[] GEMMA2_CAPS = {1.5, 3.0, 24};

    /**
     * Answer words of model-specific pointwise prompts (monoT5's true/false, Qwen3-Reranker's yes/no) and their
     * prompt words (those of bge-reranker-v2-gemma's instruction too), given ids after {@link #WORDS} so that the
     * ids of those stay as they were.
     */
    public static final List<String> LABEL_WORDS = List.of("yes", "no", "true", "false", "Document", "Relevant",
            "determine", "whether", "contains", "providing", "prediction", "either");

    /** How the weights are stored. */
    public enum Layout { SINGLE_F32, SHARDED_F32, SINGLE_BF16, SINGLE_F16 }

    private StandInLlama() {}

    /** Writes a stand-in checkpoint into {@code dir} (created if needed) and returns it. */
    public static Path write(Path dir, Shape s, long seed, Layout layout) throws IOException {
        if (s.vocab() < WORDS.size() + LABEL_WORDS.size()) {
            throw new IllegalArgumentException("vocab " + s.vocab() + " < " + (WORDS.size() + LABEL_WORDS.size())
                    + " tokenizer words");
        }
        Files.createDirectories(dir);
        ObjectNode json = config(s);
        new ObjectMapper().writerWithDefaultPrettyPrinter().writeValue(dir.resolve("config.json").toFile(), json);
        writeTokenizer(dir.resolve("tokenizer.json"));
        Map<String, float[]> weights = new LinkedHashMap<>();
        Map<String, long[]> shapes = new LinkedHashMap<>();
        Random random = new Random(seed);
        LlamaConfig config = LlamaConfig.of(HfConfig.of(json, "stand-in " + s.modelType()));
        // norm factors near 1: weights near 1, or near 0 where the family multiplies by 1 + weight (Gemma)
        double normOffset = config.variant().normPlusOne() ? 0.0 : 1.0;
        put(weights, shapes, "model.embed_tokens.weight", random, 1.0, 0, s.vocab(), s.hidden());
        for (int l = 0; l < s.layers(); l++) {
            for (Tensor t : Tensor.values()) {
                if (!t.present(config)) {
                    continue;
                }
                boolean bias = t == Tensor.Q_BIAS || t == Tensor.K_BIAS || t == Tensor.V_BIAS;
                boolean norm = t.isNorm();
                long[] shape = t.shape(config);
                // weights ~ U(-a, a) with a = sqrt(3 / fan_in): unit-variance activations, far from zero
                double scale = norm || bias ? 0.3 : Math.sqrt(3.0 / shape[shape.length - 1]);
                put(weights, shapes, "model.layers." + l + "." + t.suffix, random, scale, norm ? normOffset : 0.0,
                        shape);
            }
        }
        put(weights, shapes, "model.norm.weight", random, 0.3, normOffset, s.hidden());
        if (!s.tied()) {
            put(weights, shapes, "lm_head.weight", random, Math.sqrt(3.0 / s.hidden()), 0, s.vocab(), s.hidden());
        }
        Dtype dtype = switch (layout) {
            case SINGLE_BF16 -> Dtype.BF16;
            case SINGLE_F16 -> Dtype.F16;
            default -> Dtype.F32;
        };
        if (layout == Layout.SHARDED_F32) {
            writeSharded(dir, weights, shapes);
        } else {
            SafetensorsWriter w = new SafetensorsWriter();
            weights.forEach((name, data) -> w.put(name, dtype, data, shapes.get(name)));
            w.write(dir.resolve("model.safetensors"));
        }
        return dir;
    }

    /** Two shards split by tensor, and the index naming them. */
    private static void writeSharded(Path dir, Map<String, float[]> weights, Map<String, long[]> shapes) throws IOException {
        SafetensorsWriter first = new SafetensorsWriter();
        SafetensorsWriter second = new SafetensorsWriter();
        ObjectMapper mapper = new ObjectMapper();
        ObjectNode index = mapper.createObjectNode();
        index.putObject("metadata").put("total_size", 0);
        ObjectNode map = index.putObject("weight_map");
        int i = 0;
        for (Map.Entry<String, float[]> e : weights.entrySet()) {
            boolean firstHalf = i++ < weights.size() / 2;
            (firstHalf ? first : second).put(e.getKey(), Dtype.F32, e.getValue(), shapes.get(e.getKey()));
            map.put(e.getKey(), firstHalf ? "model-00001-of-00002.safetensors" : "model-00002-of-00002.safetensors");
        }
        first.write(dir.resolve("model-00001-of-00002.safetensors"));
        second.write(dir.resolve("model-00002-of-00002.safetensors"));
        mapper.writerWithDefaultPrettyPrinter().writeValue(dir.resolve("model.safetensors.index.json").toFile(), index);
    }

    private static void put(Map<String, float[]> weights, Map<String, long[]> shapes, String name, Random random,
                            double scale, double offset, long... shape) {
        long n = 1;
        for (long d : shape) {
            n *= d;
        }
        float[] data = new float[(int) n];
        for (int i = 0; i < data.length; i++) {
            data[i] = (float) (offset + scale * (2 * random.nextDouble() - 1));
        }
        weights.put(name, data);
        shapes.put(name, shape);
    }

    private static ObjectNode config(Shape s) {
        ObjectNode c = new ObjectMapper().createObjectNode();
        c.putArray("architectures").add(switch (s.modelType()) {
            case "qwen2" -> "Qwen2ForCausalLM";
            case "qwen3" -> "Qwen3ForCausalLM";
            case "gemma" -> "GemmaForCausalLM";
            case "gemma2" -> "Gemma2ForCausalLM";
            default -> "LlamaForCausalLM";
        });
        c.put("model_type", s.modelType());
        c.put("hidden_size", s.hidden());
        c.put("num_hidden_layers", s.layers());
        c.put("num_attention_heads", s.heads());
        c.put("num_key_value_heads", s.kvHeads());
        c.put("intermediate_size", s.intermediate());
        c.put("rms_norm_eps", 1e-6);
        c.put("rope_theta", s.ropeTheta());
        c.put("vocab_size", s.vocab());
        c.put("tie_word_embeddings", s.tied());
        c.put("max_position_embeddings", s.maxPositions());
        boolean gemma = s.modelType().startsWith("gemma");
        c.put("hidden_act", gemma ? "gelu_pytorch_tanh" : "silu");
        if (gemma) {
            c.put("hidden_activation", "gelu_pytorch_tanh");
        }
        if (s.headDim() > 0) {
            c.put("head_dim", s.headDim());
        }
        if (s.modelType().equals("qwen3")) {
            c.put("attention_bias", false);
            c.put("use_sliding_window", false);
        }
        if (s.modelType().equals("gemma2")) {
            c.put("attn_logit_softcapping", GEMMA2_CAPS[0]);
            c.put("final_logit_softcapping", GEMMA2_CAPS[1]);
            c.put("query_pre_attn_scalar", GEMMA2_CAPS[2]);
            c.put("sliding_window", s.slidingWindow());
        }
        c.put("bos_token_id", 1);
        c.put("eos_token_id", 2);
        c.put("torch_dtype", "float32");
        c.put("_comment", "STAND-IN: random weights written by a test; not a trained model");
        return c;
    }

    private static void writeTokenizer(Path file) throws IOException {
        List<String> words = new java.util.ArrayList<>(WORDS);
        words.addAll(LABEL_WORDS);
        StandInTokenizer.write(file, words, 3, "<unk>", "<s>", null);
    }
}
