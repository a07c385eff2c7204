package org.llmrerank.routing.tokenizer;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A pure-Java BERT WordPiece tokenizer, configured from a Hugging Face {@code tokenizer.json}
 * and producing the same ids and token type ids as the Rust {@code tokenizers} library:
 * added-token extraction, {@code BertNormalizer} (clean text, CJK spacing, accent stripping,
 * lowercasing), {@code BertPreTokenizer} (whitespace and punctuation split), greedy
 * longest-match WordPiece with {@code ##} continuations and {@code [UNK]}, the post-processor
 * template ({@code [CLS] A [SEP]}, {@code [CLS] A [SEP] B [SEP]}) and {@code LongestFirst}
 * truncation that always keeps the special tokens.
 *
 * <p>Why not DJL's {@code HuggingFaceTokenizer}: this code runs inside an OpenSearch node. DJL's
 * tokenizer bundles its own JNA and a native {@code libtokenizers}; the server already ships JNA
 * on its classpath, so the plugin would carry a second copy (jar hell, refused at plugin load)
 * and the native library would need extracting and loading under the node's security policy.
 * WordPiece is small enough to implement exactly, and the tests hold it to DJL's output.
 *
 * <p>Immutable and thread-safe.
 */
public final class WordPieceTokenizer {

    /** BERT's position-embedding table has 512 rows. */
    public static final int DEFAULT_MAX_LENGTH = 512;

    /**
     * Text is processed in chunks cut at ASCII spaces so that a huge field stops costing work once
     * enough tokens exist. Cutting before a space changes nothing: a space is never dropped by the
     * normaliser, always separates words, and starts a fresh NFD segment.
     */
    private static final int CHUNK_CHARS = 4096;

    private final WordPieceModel model;
    private final BertNormalizer normalizer;
    private final AddedTokens rawAddedTokens;
    private final AddedTokens normalizedAddedTokens;
    private final TemplateProcessor postProcessor;
    private final int padId;
    private final int maxLength;
    private final boolean chunkable;

    private WordPieceTokenizer(WordPieceModel model, BertNormalizer normalizer, AddedTokens rawAddedTokens,
                               AddedTokens normalizedAddedTokens, TemplateProcessor postProcessor, int padId,
                               int maxLength, boolean chunkable) {
        int minimum = postProcessor.specialTokenCount(true) + 2;
        if (maxLength < minimum) {
            throw new IllegalArgumentException("maxLength " + maxLength + " leaves no room for text: at least "
                    + minimum + " is needed");
        }
        this.model = model;
        this.normalizer = normalizer;
        this.rawAddedTokens = rawAddedTokens;
        this.normalizedAddedTokens = normalizedAddedTokens;
        this.postProcessor = postProcessor;
        this.padId = padId;
        this.maxLength = maxLength;
        this.chunkable = chunkable;
    }

    /** Reads a tokenizer.json; {@code maxLength} counts special tokens, as Hugging Face's does. */
    public static WordPieceTokenizer fromJson(InputStream json, int maxLength) throws IOException {
        TokenizerJson t = TokenizerJson.read(json);
        boolean spaceInAddedToken = t.rawAddedTokens.keySet().stream().anyMatch(c -> c.indexOf(' ') >= 0)
                || t.normalizedAddedTokens.keySet().stream().anyMatch(c -> c.indexOf(' ') >= 0);
        return new WordPieceTokenizer(t.model, t.normalizer, AddedTokens.of(t.rawAddedTokens),
                normalizeContents(t.normalizedAddedTokens, t.normalizer), t.postProcessor, t.padId, maxLength,
                !spaceInAddedToken);
    }

    public static WordPieceTokenizer fromJson(Path json, int maxLength) throws IOException {
        try (InputStream in = Files.newInputStream(json)) {
            return fromJson(in, maxLength);
        }
    }

    /** The same vocabulary and rules with another length limit (shares all tables). */
    public WordPieceTokenizer withMaxLength(int newMaxLength) {
        return newMaxLength == maxLength ? this : new WordPieceTokenizer(model, normalizer, rawAddedTokens,
                normalizedAddedTokens, postProcessor, padId, newMaxLength, chunkable);
    }

    public int maxLength() {
        return maxLength;
    }

    /** Id that fills padding positions of a batch. */
    public int padId() {
        return padId;
    }

    public int vocabSize() {
        return model.vocabSize();
    }

    /** {@code [CLS] text [SEP]}, truncated to {@link #maxLength()} tokens. */
    public Encoding encode(String text) {
        int budget = maxLength - postProcessor.specialTokenCount(false);
        IntList a = tokenize(text, budget);
        return postProcessor.apply(prefix(a, LongestFirstTruncation.single(a.size(), budget)), null);
    }

    /** {@code [CLS] first [SEP] second [SEP]} with type ids 0 / 1, LongestFirst-truncated. */
    public Encoding encodePair(String first, String second) {
        int budget = maxLength - postProcessor.specialTokenCount(true);
        IntList a = tokenize(first, budget + 1);
        IntList b = tokenize(second, budget + 1);
        if (a.size() > budget && b.size() > budget) {
            // Both overflow: which one is longer decides who gets the odd token, so count in full.
            a = tokenize(first, Integer.MAX_VALUE);
            b = tokenize(second, Integer.MAX_VALUE);
        }
        int[] keep = LongestFirstTruncation.pair(a.size(), b.size(), budget);
        return postProcessor.apply(prefix(a, keep[0]), prefix(b, keep[1]));
    }

    /**
     * Token ids of {@code text} without special tokens. Stops early, at a chunk boundary, once at
     * least {@code limit} ids exist: a result shorter than {@code limit} is complete.
     */
    private IntList tokenize(String text, int limit) {
        IntList out = new IntList(Math.min(text.length() / 3 + 8, 1024));
        AddedTokens.Sink sink = new AddedTokens.Sink() {
            @Override
            public void text(String raw) {
                String normalized = normalizer == null ? raw : normalizer.normalize(raw);
                normalizedAddedTokens.split(normalized, new AddedTokens.Sink() {
                    @Override
                    public void text(String plain) {
                        BertPreTokenizer.split(plain, word -> model.tokenize(word, out));
                    }

                    @Override
                    public void token(int id) {
                        out.add(id);
                    }
                });
            }

            @Override
            public void token(int id) {
                out.add(id);
            }
        };
        int start = 0;
        while (start < text.length() && out.size() < limit) {
            int end = chunkEnd(text, start);
            rawAddedTokens.split(text.substring(start, end), sink);
            start = end;
        }
        return out;
    }

    private int chunkEnd(String text, int start) {
        if (!chunkable || text.length() - start <= CHUNK_CHARS) {
            return text.length();
        }
        int space = text.indexOf(' ', start + CHUNK_CHARS);
        return space < 0 ? text.length() : space;
    }

    private static int[] prefix(IntList list, int n) {
        int[] out = new int[n];
        for (int i = 0; i < n; i++) {
            out[i] = list.get(i);
        }
        return out;
    }

    /** Normalised added tokens are matched against normalised text, so their content is normalised too. */
    private static AddedTokens normalizeContents(Map<String, Integer> tokens, BertNormalizer normalizer) {
        if (tokens.isEmpty()) {
            return AddedTokens.none();
        }
        Map<String, Integer> normalized = new LinkedHashMap<>();
        tokens.forEach((content, id) -> normalized.put(normalizer == null ? content : normalizer.normalize(content), id));
        return AddedTokens.of(normalized);
    }

    @Override
    public String toString() {
        return "WordPieceTokenizer{vocab=" + model.vocabSize() + ", maxLength=" + maxLength
                + ", specials=" + Arrays.toString(new int[] {postProcessor.specialTokenCount(false),
                        postProcessor.specialTokenCount(true)}) + "}";
    }
}
