package org.llmrerank.routing.hf;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * Writes a STAND-IN {@code tokenizer.json}: a WordLevel model (whitespace-and-punctuation split,
 * case-sensitive) over a fixed word list, with a post-processor that adds the family's special
 * tokens (Llama: BOS in front; T5: EOS at the end). Real checkpoints bring their own BPE or
 * Unigram file; this one only has to be a valid tokenizer.json for the same loader.
 */
public final class StandInTokenizer {

    private StandInTokenizer() {}

    /**
     * @param words    the vocabulary in id order; the first {@code specials} entries are special tokens
     * @param specials how many leading words are special (never split, skipped when decoding)
     * @param unk      the unknown-word token (one of the specials)
     * @param prefix   special token put before every sequence, or null
     * @param suffix   special token put after every sequence, or null
     */
    public static void write(Path file, List<String> words, int specials, String unk, String prefix, String suffix)
            throws IOException {
        ObjectMapper mapper = new ObjectMapper();
        ObjectNode t = mapper.createObjectNode();
        t.put("version", "1.0");
        t.putNull("truncation");
        t.putNull("padding");
        ArrayNode added = t.putArray("added_tokens");
        for (int i = 0; i < specials; i++) {
            added.addObject().put("id", i).put("content", words.get(i)).put("single_word", false).put("lstrip", false)
                    .put("rstrip", false).put("normalized", false).put("special", true);
        }
        t.putNull("normalizer");
        t.putObject("pre_tokenizer").put("type", "Whitespace");
        ObjectNode post = t.putObject("post_processor");
        post.put("type", "TemplateProcessing");
        ArrayNode single = post.putArray("single");
        ArrayNode pair = post.putArray("pair");
        ObjectNode specialTokens = post.putObject("special_tokens");
        if (prefix != null) {
            single.addObject().putObject("SpecialToken").put("id", prefix).put("type_id", 0);
            pair.addObject().putObject("SpecialToken").put("id", prefix).put("type_id", 0);
            special(specialTokens, prefix, words.indexOf(prefix));
        }
        single.addObject().putObject("Sequence").put("id", "A").put("type_id", 0);
        pair.addObject().putObject("Sequence").put("id", "A").put("type_id", 0);
        pair.addObject().putObject("Sequence").put("id", "B").put("type_id", 1);
        if (suffix != null) {
            single.addObject().putObject("SpecialToken").put("id", suffix).put("type_id", 0);
            pair.addObject().putObject("SpecialToken").put("id", suffix).put("type_id", 1);
            special(specialTokens, suffix, words.indexOf(suffix));
        }
        t.putNull("decoder");
        ObjectNode model = t.putObject("model");
        model.put("type", "WordLevel");
        ObjectNode vocab = model.putObject("vocab");
        for (int i = 0; i < words.size(); i++) {
            vocab.put(words.get(i), i);
        }
        model.put("unk_token", unk);
        mapper.writerWithDefaultPrettyPrinter().writeValue(file.toFile(), t);
    }

    private static void special(ObjectNode specialTokens, String token, int id) {
        if (id < 0) {
            throw new IllegalArgumentException("special token " + token + " is not in the word list");
        }
        ObjectNode s = specialTokens.putObject(token);
        s.put("id", token);
        s.putArray("ids").add(id);
        s.putArray("tokens").add(token);
    }
}
