package org.llmrerank.routing.crossencoder;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.llmrerank.estimator.HfConfig;
import org.llmrerank.routing.hf.SafetensorsFile;
import org.llmrerank.routing.hf.SafetensorsWriter;
import org.llmrerank.routing.runtime.CrossEncoderGraph;

/**
 * Writes a STAND-IN cross-encoder checkpoint folder: a tiny random BERT or XLM-RoBERTa sequence classifier
 * ({@code config.json}, a {@code tokenizer.json} of the family's kind over a fixed word list, and its weights as
 * {@code model.safetensors}, as an ONNX graph of the same weights, or both). No real reranker weights can be
 * downloaded here: its scores mean nothing, only that every path computes them alike.
 */
public final class StandInCrossEncoder {

    /** Which weight files the folder gets. */
    public enum WeightFiles { SAFETENSORS, ONNX, BOTH }

    /** The words the stand-in tokenizers know, besides the specials. */
    public static final List<String> WORDS = List.of("the", "cat", "eat", "fish", "a", "in", "city", "sun", "and", "moon", "how",
        "grow", "fox", "dog", "jumps", "over", "red", "forest", "stock", "markets", "fell", "today", "foxes", "are", "small",
        "mammals", "recipe", "for", "cake", "quick", "brown", "news", "at", "night");

    static final int LAYERS = 2;
    static final int HIDDEN = 32;
    static final int HEADS = 4;
    static final int INTERMEDIATE = 64;
    static final int POSITIONS = 64;

    private StandInCrossEncoder() {}

    /** The specials of the family, in id order. */
    public static List<String> specials(CrossEncoderFamily family) {
        return family == CrossEncoderFamily.BERT ? List.of("[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]")
            : List.of("<s>", "<pad>", "</s>", "<unk>");
    }

    /** The config.json of the stand-in. */
    public static ObjectNode config(CrossEncoderFamily family, int labels) {
        ObjectNode c = new ObjectMapper().createObjectNode();
        boolean bert = family == CrossEncoderFamily.BERT;
        c.putArray("architectures").add(bert ? "BertForSequenceClassification" : "XLMRobertaForSequenceClassification");
        c.put("model_type", family.modelType());
        c.put("num_hidden_layers", LAYERS).put("hidden_size", HIDDEN).put("num_attention_heads", HEADS)
            .put("intermediate_size", INTERMEDIATE).put("vocab_size", specials(family).size() + WORDS.size())
            .put("max_position_embeddings", bert ? POSITIONS : POSITIONS + 2).put("type_vocab_size", bert ? 2 : 1)
            .put("layer_norm_eps", bert ? 1e-12 : 1e-5).put("hidden_act", "gelu").put("pad_token_id", bert ? 0 : 1);
        ObjectNode id2label = c.putObject("id2label");
        for (int i = 0; i < labels; i++) {
            id2label.put(Integer.toString(i), "LABEL_" + i);
        }
        return c;
    }

    public static CrossEncoderShape shape(CrossEncoderFamily family, int labels) {
        return CrossEncoderShape.of(HfConfig.of(config(family, labels), "stand-in config.json"));
    }

    /** Random tensors of the stand-in, by checkpoint name (PyTorch layouts): no zeros, LayerNorm scales near 1. */
    public static Map<String, float[]> tensors(CrossEncoderShape shape, long seed) {
        Random r = new Random(seed);
        Map<String, float[]> out = new LinkedHashMap<>();
        for (Map.Entry<String, long[]> t : new CrossEncoderTensors(shape).all().entrySet()) {
            long[] s = t.getValue();
            int n = 1;
            for (long d : s) {
                n *= (int) d;
            }
            String name = t.getKey();
            boolean norm = name.contains("LayerNorm.");
            double std = norm ? 0.1 : name.endsWith("bias") ? 0.1 : name.contains("embeddings") ? 0.5 : 1.0 / Math.sqrt(s[s.length - 1]);
            float[] v = new float[n];
            for (int i = 0; i < n; i++) {
                float x;
                do {
                    x = (float) (r.nextGaussian() * std);
                } while (x == 0f);
                v[i] = norm && name.endsWith("weight") ? 1f + x : x;
            }
            out.put(name, v);
        }
        return out;
    }

    /** Writes the folder; returns it. */
    public static Path write(Path dir, CrossEncoderFamily family, int labels, WeightFiles files, long seed) throws IOException {
        Files.createDirectories(dir);
        ObjectMapper mapper = new ObjectMapper();
        mapper.writerWithDefaultPrettyPrinter().writeValue(dir.resolve("config.json").toFile(), config(family, labels));
        Files.writeString(dir.resolve("tokenizer.json"), tokenizerJson(family));
        CrossEncoderShape shape = shape(family, labels);
        Map<String, float[]> tensors = tensors(shape, seed);
        if (files != WeightFiles.ONNX) {
            SafetensorsWriter w = new SafetensorsWriter();
            Map<String, long[]> shapes = new CrossEncoderTensors(shape).all();
            tensors.forEach((name, values) -> w.put(name, SafetensorsFile.Dtype.F32, values, shapes.get(name)));
            w.write(dir.resolve("model.safetensors"));
        }
        if (files != WeightFiles.SAFETENSORS) {
            Files.write(dir.resolve("model.onnx"), CrossEncoderGraph.write(shape, tensors));
        }
        return dir;
    }

    /** The tokenizer.json: WordPiece with BERT's pair template, or Unigram with RoBERTa's. */
    public static String tokenizerJson(CrossEncoderFamily family) throws IOException {
        ObjectMapper mapper = new ObjectMapper();
        ObjectNode t = mapper.createObjectNode();
        t.put("version", "1.0");
        t.putNull("truncation");
        t.putNull("padding");
        List<String> specials = specials(family);
        ArrayNode added = t.putArray("added_tokens");
        for (int i = 0; i < specials.size(); i++) {
            added.addObject().put("id", i).put("content", specials.get(i)).put("single_word", false).put("lstrip", false)
                .put("rstrip", false).put("normalized", false).put("special", true);
        }
        if (family == CrossEncoderFamily.BERT) {
            t.putObject("normalizer").put("type", "BertNormalizer").put("clean_text", true).put("handle_chinese_chars", true)
                .putNull("strip_accents").put("lowercase", true);
            t.putObject("pre_tokenizer").put("type", "BertPreTokenizer");
            ObjectNode post = t.putObject("post_processor");
            post.put("type", "BertProcessing");
            post.putArray("sep").add("[SEP]").add(3);
            post.putArray("cls").add("[CLS]").add(2);
            t.putObject("decoder").put("type", "WordPiece").put("prefix", "##").put("cleanup", true);
            ObjectNode model = t.putObject("model");
            model.put("type", "WordPiece").put("unk_token", "[UNK]").put("continuing_subword_prefix", "##")
                .put("max_input_chars_per_word", 100);
            ObjectNode vocab = model.putObject("vocab");
            for (int i = 0; i < specials.size(); i++) {
                vocab.put(specials.get(i), i);
            }
            for (int i = 0; i < WORDS.size(); i++) {
                vocab.put(WORDS.get(i), specials.size() + i);
            }
        } else {
            t.putNull("normalizer");
            t.putObject("pre_tokenizer").put("type", "Metaspace").put("replacement", "\u2581").put("prepend_scheme", "always")
                .put("split", true);
            ObjectNode post = t.putObject("post_processor");
            post.put("type", "RobertaProcessing");
            post.putArray("sep").add("</s>").add(2);
            post.putArray("cls").add("<s>").add(0);
            post.put("trim_offsets", true).put("add_prefix_space", true);
            t.putObject("decoder").put("type", "Metaspace").put("replacement", "\u2581").put("prepend_scheme", "always")
                .put("split", true);
            ObjectNode model = t.putObject("model");
            model.put("type", "Unigram").put("unk_id", 3).put("byte_fallback", false);
            ArrayNode vocab = model.putArray("vocab");
            for (String s : specials) {
                vocab.addArray().add(s).add(0.0);
            }
            // whole words score above any split of them, so each known word is one piece
            for (String w : WORDS) {
                vocab.addArray().add("\u2581" + w).add(-2.0);
            }
        }
        return mapper.writerWithDefaultPrettyPrinter().writeValueAsString(t);
    }
}
