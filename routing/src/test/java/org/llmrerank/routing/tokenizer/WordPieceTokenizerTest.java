package org.llmrerank.routing.tokenizer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.llmrerank.routing.Dl19;
import org.llmrerank.routing.ModelResource;

/**
 * Holds the pure-Java tokenizer to the Rust tokenizers library (DJL's binding, test scope only):
 * ids, token type ids and attention masks must be identical, on real data and on hand cases.
 *
 * <p>The reference is built with explicit options instead of the file's: the bundled bge
 * tokenizer.json carries langchain4j's own choice of truncation and fixed padding at 128, which
 * our tokenizer deliberately does not apply (the caller chooses the length, the encoder pads).
 */
class WordPieceTokenizerTest {

    private static final String BGE = "bge-small-en-v1.5-q-tokenizer.json";
    private static final String MINILM = "all-minilm-l6-v2-q-tokenizer.json";

    @TempDir
    static Path tmp;

    private static Path bgeJson;
    private static HuggingFaceTokenizer untruncated;
    private static WordPieceTokenizer mine;

    @BeforeAll
    static void load() throws IOException {
        bgeJson = extract(BGE);
        untruncated = reference(bgeJson, 0, false);
        mine = WordPieceTokenizer.fromJson(bgeJson, 1_000_000);
    }

    @AfterAll
    static void close() {
        untruncated.close();
    }

    /** DJL needs a file path; the tokenizer.json lives inside the model jar. */
    private static Path extract(String resource) throws IOException {
        Path target = tmp.resolve(resource);
        if (!Files.exists(target)) {
            try (InputStream in = ModelResource.classpath(resource).open()) {
                Files.copy(in, target);
            }
        }
        return target;
    }

    /** @param maxLength 0 = no truncation */
    private static HuggingFaceTokenizer reference(Path json, int maxLength, boolean padToLongest) throws IOException {
        HuggingFaceTokenizer.Builder b = HuggingFaceTokenizer.builder().optTokenizerPath(json).optPadding(padToLongest);
        if (maxLength > 0) {
            b.optTruncation(true).optMaxLength(maxLength);
        } else {
            b.optTruncation(false);
        }
        return b.build();
    }

    private static long[] longs(int[] a) {
        return Arrays.stream(a).asLongStream().toArray();
    }

    private static void assertSame(ai.djl.huggingface.tokenizers.Encoding ref, Encoding got, String what) {
        assertArrayEquals(ref.getIds(), longs(got.ids()), () -> "ids differ for " + what);
        assertArrayEquals(ref.getTypeIds(), longs(got.typeIds()), () -> "type ids differ for " + what);
        assertArrayEquals(ref.getAttentionMask(), longs(got.attentionMask()), () -> "attention mask differs for " + what);
    }

    @ParameterizedTest
    @ValueSource(strings = {BGE, MINILM})
    void everyDl19QueryAndPassageEncodesLikeTheReference(String resource) throws IOException {
        Path json = extract(resource);
        WordPieceTokenizer tok = WordPieceTokenizer.fromJson(json, WordPieceTokenizer.DEFAULT_MAX_LENGTH);
        List<String> texts = new ArrayList<>();
        for (Dl19.Query q : Dl19.bm25Top100()) {
            texts.add(q.text());
            q.hits().forEach(h -> texts.add(h.content()));
        }
        long tokens = 0;
        int longest = 0;
        try (HuggingFaceTokenizer ref = reference(json, WordPieceTokenizer.DEFAULT_MAX_LENGTH, false)) {
            ai.djl.huggingface.tokenizers.Encoding[] expected = ref.batchEncode(texts);
            for (int i = 0; i < texts.size(); i++) {
                Encoding got = tok.encode(texts.get(i));
                assertSame(expected[i], got, "text #" + i + ": " + texts.get(i));
                tokens += got.length();
                longest = Math.max(longest, got.length());
            }
        }
        assertEquals(43 + 4300, texts.size());
        System.out.printf("tokenizer agreement [%s]: %d/%d texts identical, %d tokens, longest %d%n",
                resource, texts.size(), texts.size(), tokens, longest);
    }

    @Test
    void dl19QueryPassagePairsTruncateLikeTheReference() throws IOException {
        // 128 truncates about a third of the pairs, so LongestFirst is exercised on real text.
        int max = 128;
        WordPieceTokenizer tok = mine.withMaxLength(max);
        int truncated = 0;
        int pairs = 0;
        try (HuggingFaceTokenizer ref = reference(bgeJson, max, false)) {
            for (Dl19.Query q : Dl19.bm25Top100()) {
                for (Dl19.Hit h : q.hits()) {
                    Encoding got = tok.encodePair(q.text(), h.content());
                    assertSame(ref.encode(q.text(), h.content()), got, q.qid() + "/" + h.docid());
                    truncated += got.length() == max ? 1 : 0;
                    pairs++;
                }
            }
        }
        assertTrue(truncated > 100, "expected real truncation, got " + truncated);
        System.out.printf("pair agreement: %d/%d (query, passage) pairs identical at max %d, %d truncated%n",
                pairs, pairs, max, truncated);
    }

    @Test
    void paddedBatchesMatchTheReferencePaddingToLongest() throws IOException {
        List<String> passages = new ArrayList<>();
        Dl19.bm25Top100().forEach(q -> q.hits().forEach(h -> passages.add(h.content())));
        try (HuggingFaceTokenizer ref = reference(bgeJson, WordPieceTokenizer.DEFAULT_MAX_LENGTH, true)) {
            WordPieceTokenizer tok = mine.withMaxLength(WordPieceTokenizer.DEFAULT_MAX_LENGTH);
            for (int from = 0; from < passages.size(); from += 32) {
                List<String> chunk = passages.subList(from, Math.min(from + 32, passages.size()));
                ai.djl.huggingface.tokenizers.Encoding[] expected = ref.batchEncode(chunk);
                PaddedBatch got = PaddedBatch.of(chunk.stream().map(tok::encode).toList(), tok.padId());
                assertEquals(expected[0].getIds().length, got.columns());
                for (int r = 0; r < chunk.size(); r++) {
                    int c = got.columns();
                    assertArrayEquals(expected[r].getIds(), Arrays.copyOfRange(got.inputIds(), r * c, (r + 1) * c));
                    assertArrayEquals(expected[r].getAttentionMask(), Arrays.copyOfRange(got.attentionMask(), r * c, (r + 1) * c));
                    assertArrayEquals(expected[r].getTypeIds(), Arrays.copyOfRange(got.typeIds(), r * c, (r + 1) * c));
                }
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "",
        "   \t\n  ",
        "Café naïve résumé Ångström façade Zoë coöperate",
        "ÀÉÎÕÜ àéîõü ß ﬁ İstanbul ΣΊΣΥΦΟΣ ΌΣΟΣ",
        "北京大学 is in 北京; 東京は日本の首都です。한국어 텍스트",
        "Hello,world!! $5.00 (approx.) - 3+4=7; a|b ^caret `tick` ~tilde @at #hash",
        "“curly quotes” — em dash – en dash … ellipsis ¿qué? ¡sí! «guillemets»",
        "pneumonoultramicroscopicsilicovolcanoconiosis antidisestablishmentarianism",
        "soft\u00ADhyphen zero\u200Bwidth joiner\u200Dhere nbsp\u00A0space bom\uFEFFx",
        "control\u0001chars\u0007and\u001Fmore\u007F del \uFFFD replacement \u0000 nul",
        "the literal [SEP] and [CLS] and [MASK] tokens, and [sep] lowercase, and [UNK]",
        "emoji 😀🚀 and math 𝔘𝔫𝔦𝔠𝔬𝔡𝔢 and ancient 𐌰𐌱",
        "Ã©tÃ© Ã¢â‚¬â„¢ mojibake from MS MARCO Ã‚Â",
        "tabs\tnewlines\ncarriage\rreturns\u2028line sep\u3000ideographic space",
        "x\u0301\u0302 combining e\u0301 decomposed \u1E9B\u0323 ordering",
    })
    void handCasesEncodeLikeTheReference(String text) {
        assertSame(untruncated.encode(text), mine.encode(text), "[" + text + "]");
        assertSame(untruncated.encode(text, "second segment, with type ids 1"), mine.encodePair(text, "second segment, with type ids 1"),
                "pair [" + text + "]");
    }

    @Test
    void wordsLongerThanMaxInputCharsPerWordBecomeUnk() {
        String hundred = "a".repeat(100);
        String hundredAndOne = "a".repeat(101);
        for (String text : List.of(hundred, hundredAndOne, "x " + hundredAndOne + " y", "é".repeat(101), "ab".repeat(70))) {
            assertSame(untruncated.encode(text), mine.encode(text), "long word of " + text.length() + " chars");
        }
        Encoding unk = mine.encode(hundredAndOne);
        assertArrayEquals(new int[] {101, 100, 102}, unk.ids(), "a 101-char word is a single [UNK]");
    }

    @Test
    void textsFarBeyondMaxLengthAreTruncatedKeepingSep() throws IOException {
        // Long enough (> 2 chunks of 4096 chars) for the chunked early stop to kick in. Not longer,
        // and no tiny max for pairs: the reference materialises every combination of the two
        // sequences' overflow windows, which for 20k-char pairs at max 16 runs into gigabytes.
        StringBuilder sb = new StringBuilder();
        for (Dl19.Hit h : Dl19.bm25Top100().get(0).hits()) {
            if (sb.length() > 10_000) {
                break;
            }
            sb.append(h.content()).append(' ');
        }
        String longText = sb.toString();
        String otherLong = new StringBuilder(longText).reverse().toString();
        for (int max : new int[] {512, 127, 128, 16}) {
            WordPieceTokenizer tok = mine.withMaxLength(max);
            try (HuggingFaceTokenizer ref = reference(bgeJson, max, false)) {
                Encoding single = tok.encode(longText);
                assertEquals(max, single.length());
                assertEquals(102, single.id(max - 1), "[SEP] survives truncation");
                assertSame(ref.encode(longText), single, "long single at " + max);
                assertSame(ref.encode("short query", longText), tok.encodePair("short query", longText), "short+long at " + max);
                assertSame(ref.encode(longText, "short"), tok.encodePair(longText, "short"), "long+short at " + max);
                if (max >= 127) {
                    // both overflow: the longer one gets the odd token, so lengths must be exact
                    assertSame(ref.encode(longText, otherLong + " more"), tok.encodePair(longText, otherLong + " more"),
                            "long pair at " + max);
                    assertSame(ref.encode(otherLong + " more", longText), tok.encodePair(otherLong + " more", longText),
                            "long pair swapped at " + max);
                }
            }
        }
    }

    @Test
    void randomPairLengthsTruncateLikeTheReference() throws IOException {
        Random random = new Random(42);
        String[] words = "the quick brown fox jumps over lazy dogs while unbelievably tokenization happens".split(" ");
        for (int max : new int[] {7, 8, 11, 12, 13, 20}) {
            WordPieceTokenizer tok = mine.withMaxLength(max);
            try (HuggingFaceTokenizer ref = reference(bgeJson, max, false)) {
                for (int trial = 0; trial < 200; trial++) {
                    String a = randomText(random, words, random.nextInt(15));
                    String b = randomText(random, words, random.nextInt(15));
                    assertSame(ref.encode(a, b), tok.encodePair(a, b), "max " + max + " [" + a + "] [" + b + "]");
                    assertSame(ref.encode(a), tok.encode(a), "max " + max + " [" + a + "]");
                }
            }
        }
    }

    private static String randomText(Random random, String[] words, int n) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < n; i++) {
            sb.append(words[random.nextInt(words.length)]).append(i % 4 == 3 ? ", " : " ");
        }
        return sb.toString();
    }

    /**
     * Every code point, in a word and on its own, as the reference sees it. This is what pins
     * {@link ReferenceCategories}: a JDK with a newer Unicode version fails here, not in production.
     */
    @Test
    void everyCodePointIsClassifiedLikeTheReference() {
        List<String> batch = new ArrayList<>();
        List<Integer> codePoints = new ArrayList<>();
        List<String> mismatches = new ArrayList<>();
        for (int cp = 0; cp <= Character.MAX_CODE_POINT; cp++) {
            if (cp >= Character.MIN_SURROGATE && cp <= Character.MAX_SURROGATE) {
                continue; // not encodable as UTF-8, so the reference never sees one
            }
            String c = Character.toString(cp);
            batch.add("x" + c + "y ab" + c + " " + c);
            codePoints.add(cp);
            if (batch.size() == 8192 || cp == Character.MAX_CODE_POINT) {
                ai.djl.huggingface.tokenizers.Encoding[] expected = untruncated.batchEncode(batch);
                for (int i = 0; i < batch.size(); i++) {
                    if (!Arrays.equals(expected[i].getIds(), longs(mine.encode(batch.get(i)).ids()))) {
                        mismatches.add(String.format("U+%04X", codePoints.get(i)));
                    }
                }
                batch.clear();
                codePoints.clear();
            }
        }
        assertEquals(List.of(), mismatches.subList(0, Math.min(50, mismatches.size())),
                mismatches.size() + " code points tokenized differently");
    }

    @Test
    void refusesWhatItCannotEncodeFaithfully() {
        String bpe = "{\"model\":{\"type\":\"BPE\",\"vocab\":{\"a\":0}},\"pre_tokenizer\":{\"type\":\"ByteLevel\"}}";
        IOException e = assertThrows(IOException.class, () -> WordPieceTokenizer.fromJson(stream(bpe), 512));
        assertTrue(e.getMessage().contains("BPE"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> mine.withMaxLength(4));
    }

    @Test
    void readsTheOlderBertProcessingFormat() throws IOException {
        String json = Files.readString(bgeJson);
        int start = json.indexOf("\"post_processor\"");
        int end = json.indexOf("\"decoder\"");
        String older = json.substring(0, start)
                + "\"post_processor\":{\"type\":\"BertProcessing\",\"sep\":[\"[SEP]\",102],\"cls\":[\"[CLS]\",101]},"
                + json.substring(end);
        WordPieceTokenizer tok = WordPieceTokenizer.fromJson(stream(older), 64);
        assertEquals(mine.withMaxLength(64).encodePair("a query", "a passage"), tok.encodePair("a query", "a passage"));
    }

    private static InputStream stream(String s) {
        return new ByteArrayInputStream(s.getBytes(StandardCharsets.UTF_8));
    }
}
