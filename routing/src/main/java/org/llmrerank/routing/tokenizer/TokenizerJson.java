package org.llmrerank.routing.tokenizer;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads the parts of a Hugging Face {@code tokenizer.json} that a BERT WordPiece tokenizer has.
 * Anything outside that family (another model, normaliser or pre-tokeniser type, added tokens
 * with strip / single-word rules) is refused with a message rather than silently mis-encoded.
 *
 * <p>The file's {@code truncation} and {@code padding} sections are deliberately not applied:
 * the caller chooses the maximum length, and the encoder pads per batch. Only the pad id is taken.
 */
final class TokenizerJson {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    final WordPieceModel model;
    final BertNormalizer normalizer; // null when the file has none
    final Map<String, Integer> rawAddedTokens; // matched in the input before normalisation: content -> id
    final Map<String, Integer> normalizedAddedTokens; // matched after normalisation: content before it -> id
    final TemplateProcessor postProcessor;
    final int padId;

    private TokenizerJson(WordPieceModel model, BertNormalizer normalizer, Map<String, Integer> rawAddedTokens,
                          Map<String, Integer> normalizedAddedTokens, TemplateProcessor postProcessor, int padId) {
        this.model = model;
        this.normalizer = normalizer;
        this.rawAddedTokens = rawAddedTokens;
        this.normalizedAddedTokens = normalizedAddedTokens;
        this.postProcessor = postProcessor;
        this.padId = padId;
    }

    static TokenizerJson read(InputStream in) throws IOException {
        JsonNode root = MAPPER.readTree(in);
        if (root == null || !root.isObject()) {
            throw new IOException("tokenizer.json: not a JSON object");
        }
        try {
            WordPieceModel model = readModel(root.path("model"));
            BertNormalizer normalizer = readNormalizer(root.path("normalizer"));
            readPreTokenizer(root.path("pre_tokenizer"));
            Map<String, Integer> raw = new LinkedHashMap<>();
            Map<String, Integer> normalized = new LinkedHashMap<>();
            readAddedTokens(root.path("added_tokens"), raw, normalized);
            TemplateProcessor post = readPostProcessor(root.path("post_processor"));
            int padId = readPadId(root.path("padding"), model);
            return new TokenizerJson(model, normalizer, raw, normalized, post, padId);
        } catch (IllegalArgumentException e) {
            throw new IOException("tokenizer.json: " + e.getMessage(), e);
        }
    }

    private static WordPieceModel readModel(JsonNode m) {
        String type = m.path("type").asText("WordPiece");
        if (!"WordPiece".equals(type)) {
            throw new IllegalArgumentException("model type [" + type + "] is not supported, only WordPiece");
        }
        JsonNode vocabNode = m.path("vocab");
        if (!vocabNode.isObject() || vocabNode.isEmpty()) {
            throw new IllegalArgumentException("model.vocab is missing or empty");
        }
        Map<String, Integer> vocab = new HashMap<>(vocabNode.size() * 2);
        for (Map.Entry<String, JsonNode> e : vocabNode.properties()) {
            vocab.put(e.getKey(), e.getValue().asInt());
        }
        return new WordPieceModel(vocab,
                m.path("unk_token").asText("[UNK]"),
                m.path("continuing_subword_prefix").asText("##"),
                m.path("max_input_chars_per_word").asInt(100));
    }

    private static BertNormalizer readNormalizer(JsonNode n) {
        if (n.isMissingNode() || n.isNull()) {
            return null;
        }
        String type = n.path("type").asText();
        if (!"BertNormalizer".equals(type)) {
            throw new IllegalArgumentException("normalizer type [" + type + "] is not supported, only BertNormalizer");
        }
        JsonNode strip = n.path("strip_accents");
        Boolean stripAccents = strip.isBoolean() ? strip.booleanValue() : null;
        return new BertNormalizer(n.path("clean_text").asBoolean(true),
                n.path("handle_chinese_chars").asBoolean(true),
                stripAccents,
                n.path("lowercase").asBoolean(true));
    }

    private static void readPreTokenizer(JsonNode p) {
        String type = p.path("type").asText("");
        if (!"BertPreTokenizer".equals(type)) {
            throw new IllegalArgumentException("pre_tokenizer type [" + type + "] is not supported, only BertPreTokenizer");
        }
    }

    private static void readAddedTokens(JsonNode tokens, Map<String, Integer> raw, Map<String, Integer> normalized) {
        for (JsonNode t : tokens) {
            String content = t.path("content").asText();
            if (t.path("single_word").asBoolean(false) || t.path("lstrip").asBoolean(false)
                    || t.path("rstrip").asBoolean(false)) {
                throw new IllegalArgumentException("added token [" + content
                        + "] uses single_word/lstrip/rstrip, which is not supported");
            }
            int id = t.path("id").asInt();
            // Hugging Face's default for a missing "normalized" is !special.
            boolean isNormalized = t.path("normalized").asBoolean(!t.path("special").asBoolean(false));
            (isNormalized ? normalized : raw).put(content, id);
        }
    }

    private static TemplateProcessor readPostProcessor(JsonNode p) {
        if (p.isMissingNode() || p.isNull()) {
            return new TemplateProcessor(
                    List.of(new TemplateProcessor.Sequence(true, 0)),
                    List.of(new TemplateProcessor.Sequence(true, 0), new TemplateProcessor.Sequence(false, 1)));
        }
        String type = p.path("type").asText();
        return switch (type) {
            case "TemplateProcessing" -> readTemplate(p);
            case "BertProcessing" -> bertProcessing(p);
            default -> throw new IllegalArgumentException("post_processor type [" + type
                    + "] is not supported, only TemplateProcessing and BertProcessing");
        };
    }

    private static TemplateProcessor readTemplate(JsonNode p) {
        Map<String, int[]> specials = new HashMap<>();
        for (Map.Entry<String, JsonNode> e : p.path("special_tokens").properties()) {
            JsonNode ids = e.getValue().path("ids");
            int[] arr = new int[ids.size()];
            for (int i = 0; i < arr.length; i++) {
                arr[i] = ids.get(i).asInt();
            }
            specials.put(e.getKey(), arr);
        }
        return new TemplateProcessor(readPieces(p.path("single"), specials), readPieces(p.path("pair"), specials));
    }

    private static List<TemplateProcessor.Piece> readPieces(JsonNode template, Map<String, int[]> specials) {
        List<TemplateProcessor.Piece> pieces = new ArrayList<>();
        for (JsonNode piece : template) {
            if (piece.has("SpecialToken")) {
                JsonNode s = piece.get("SpecialToken");
                int[] ids = specials.get(s.path("id").asText());
                if (ids == null) {
                    throw new IllegalArgumentException("template uses special token [" + s.path("id").asText()
                            + "] that special_tokens does not define");
                }
                pieces.add(new TemplateProcessor.Special(ids, s.path("type_id").asInt()));
            } else if (piece.has("Sequence")) {
                JsonNode s = piece.get("Sequence");
                String which = s.path("id").asText();
                if (!"A".equals(which) && !"B".equals(which)) {
                    throw new IllegalArgumentException("template sequence id must be A or B, got [" + which + "]");
                }
                pieces.add(new TemplateProcessor.Sequence("A".equals(which), s.path("type_id").asInt()));
            } else {
                throw new IllegalArgumentException("unknown template piece " + piece);
            }
        }
        return pieces;
    }

    /** The pre-template format: {@code "sep": ["[SEP]", 102], "cls": ["[CLS]", 101]}. */
    private static TemplateProcessor bertProcessing(JsonNode p) {
        int cls = p.path("cls").path(1).asInt(-1);
        int sep = p.path("sep").path(1).asInt(-1);
        if (cls < 0 || sep < 0) {
            throw new IllegalArgumentException("BertProcessing needs cls and sep as [token, id]");
        }
        var clsPiece = new TemplateProcessor.Special(new int[] {cls}, 0);
        return new TemplateProcessor(
                List.of(clsPiece, new TemplateProcessor.Sequence(true, 0), new TemplateProcessor.Special(new int[] {sep}, 0)),
                List.of(clsPiece, new TemplateProcessor.Sequence(true, 0), new TemplateProcessor.Special(new int[] {sep}, 0),
                        new TemplateProcessor.Sequence(false, 1), new TemplateProcessor.Special(new int[] {sep}, 1)));
    }

    private static int readPadId(JsonNode padding, WordPieceModel model) {
        if (padding.isObject() && padding.has("pad_id")) {
            return padding.get("pad_id").asInt();
        }
        Integer pad = model.idOf("[PAD]");
        return pad == null ? 0 : pad;
    }
}
