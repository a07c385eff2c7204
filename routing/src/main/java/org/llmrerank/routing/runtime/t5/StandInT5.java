package org.llmrerank.routing.runtime.t5;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.llmrerank.routing.hf.SafetensorsFile.Dtype;
import org.llmrerank.routing.hf.SafetensorsWriter;
import org.llmrerank.routing.hf.StandInTokenizer;
import org.llmrerank.routing.runtime.llama.StandInLlama;

/**
 * STAND-IN T5 checkpoints: tiny random encoder-decoders in the Hugging Face layout (config.json,
 * model.safetensors, tokenizer.json), since no T5 weights can be downloaded here. Flan-T5 style
 * (gated-GELU, untied head) or original T5 (ReLU, tied head). Meaningless as a ranker.
 *
 * <p>Tokenizer: the stand-in word list with T5's specials ({@code <pad>} 0, {@code </s>} 1,
 * {@code <unk>} 2) and {@code </s>} appended, as T5's post-processor does.
 */
public final class StandInT5 {

    public static final List<String> WORDS;

    static {
        List<String> w = new ArrayList<>(List.of("<pad>", "</s>", "<unk>"));
        w.addAll(StandInLlama.WORDS.subList(3, StandInLlama.WORDS.size()));
        w.addAll(StandInLlama.LABEL_WORDS);
        WORDS = List.copyOf(w);
    }

    /** Shape of a stand-in; 8 buckets and max distance 20 so prompts of a few dozen tokens reach the log-spaced buckets. */
    public record Shape(int layers, int dModel, int heads, int dKv, int dFf, int vocab, boolean gatedGelu, boolean tied,
                        int buckets, int maxDistance) {

        /** Flan-T5 style: gated-GELU, untied LM head, d_attn = heads·d_kv = 32 ≠ d_model = 40. */
        public static final Shape FLAN = new Shape(2, 40, 4, 8, 64, 160, true, false, 8, 20);

        /** Original T5: ReLU FFN, tied head (rescaled by d_model^-0.5), d_attn = d_model. */
        public static final Shape ORIGINAL = new Shape(2, 32, 4, 8, 48, 160, false, true, 8, 20);
    }

    private StandInT5() {}

    public static Path write(Path dir, Shape s, long seed) throws IOException {
        Files.createDirectories(dir);
        writeConfig(dir.resolve("config.json"), s);
        StandInTokenizer.write(dir.resolve("tokenizer.json"), WORDS, 3, "<unk>", null, "</s>");
        Random random = new Random(seed);
        SafetensorsWriter w = new SafetensorsWriter();
        long d = s.dModel();
        long inner = (long) s.heads() * s.dKv();
        long ff = s.dFf();
        put(w, random, "shared.weight", 1.0, 0, s.vocab(), d);
        for (String stack : List.of("encoder", "decoder")) {
            put(w, random, stack + ".block.0.layer.0.SelfAttention.relative_attention_bias.weight", 1.0, 0,
                    s.buckets(), s.heads());
            for (int b = 0; b < s.layers(); b++) {
                String p = stack + ".block." + b + ".layer.";
                attention(w, random, p + "0.SelfAttention.", d, inner);
                put(w, random, p + "0.layer_norm.weight", 0.3, 1, d);
                if (stack.equals("decoder")) {
                    attention(w, random, p + "1.EncDecAttention.", d, inner);
                    put(w, random, p + "1.layer_norm.weight", 0.3, 1, d);
                }
                String f = p + T5Checkpoint.ffnLayer(stack) + ".";
                if (s.gatedGelu()) {
                    put(w, random, f + "DenseReluDense.wi_0.weight", Math.sqrt(3.0 / d), 0, ff, d);
                    put(w, random, f + "DenseReluDense.wi_1.weight", Math.sqrt(3.0 / d), 0, ff, d);
                } else {
                    put(w, random, f + "DenseReluDense.wi.weight", Math.sqrt(3.0 / d), 0, ff, d);
                }
                put(w, random, f + "DenseReluDense.wo.weight", Math.sqrt(3.0 / ff), 0, d, ff);
                put(w, random, f + "layer_norm.weight", 0.3, 1, d);
            }
            put(w, random, stack + ".final_layer_norm.weight", 0.3, 1, d);
        }
        if (!s.tied()) {
            put(w, random, "lm_head.weight", Math.sqrt(3.0 / d), 0, s.vocab(), d);
        }
        w.write(dir.resolve("model.safetensors"));
        return dir;
    }

    private static void attention(SafetensorsWriter w, Random random, String prefix, long d, long inner) {
        put(w, random, prefix + "q.weight", Math.sqrt(3.0 / d), 0, inner, d);
        put(w, random, prefix + "k.weight", Math.sqrt(3.0 / d), 0, inner, d);
        put(w, random, prefix + "v.weight", Math.sqrt(3.0 / d), 0, inner, d);
        put(w, random, prefix + "o.weight", Math.sqrt(3.0 / inner), 0, d, inner);
    }

    private static void put(SafetensorsWriter w, Random random, String name, double scale, double offset, long... shape) {
        long n = 1;
        for (long x : shape) {
            n *= x;
        }
        float[] data = new float[(int) n];
        for (int i = 0; i < data.length; i++) {
            data[i] = (float) (offset + scale * (2 * random.nextDouble() - 1));
        }
        w.put(name, Dtype.F32, data, shape);
    }

    private static void writeConfig(Path file, Shape s) throws IOException {
        ObjectMapper mapper = new ObjectMapper();
        ObjectNode c = mapper.createObjectNode();
        c.putArray("architectures").add("T5ForConditionalGeneration");
        c.put("model_type", "t5");
        c.put("d_model", s.dModel());
        c.put("d_kv", s.dKv());
        c.put("d_ff", s.dFf());
        c.put("num_layers", s.layers());
        c.put("num_decoder_layers", s.layers());
        c.put("num_heads", s.heads());
        c.put("relative_attention_num_buckets", s.buckets());
        c.put("relative_attention_max_distance", s.maxDistance());
        c.put("layer_norm_epsilon", 1e-6);
        c.put("feed_forward_proj", s.gatedGelu() ? "gated-gelu" : "relu");
        c.put("tie_word_embeddings", s.tied());
        c.put("vocab_size", s.vocab());
        c.put("decoder_start_token_id", 0);
        c.put("pad_token_id", 0);
        c.put("eos_token_id", 1);
        c.put("_comment", "STAND-IN: random weights written by a test; not a trained model");
        mapper.writerWithDefaultPrettyPrinter().writeValue(file.toFile(), c);
    }
}
