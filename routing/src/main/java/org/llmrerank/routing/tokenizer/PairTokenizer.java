package org.llmrerank.routing.tokenizer;

import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import java.io.ByteArrayInputStream;
import java.util.Map;
import org.llmrerank.routing.runtime.DjlEngineSetup;

/**
 * A cross-encoder's tokenizer: a query and a passage as one sequence, with the special tokens the file's
 * post-processor puts around them ({@code [CLS] q [SEP] p [SEP]} for BERT, {@code <s> q </s></s> p </s>} for
 * XLM-RoBERTa) and the type ids it gives each half. Any {@code tokenizer.json} model (WordPiece, Unigram/SentencePiece,
 * BPE) through DJL's binding of Hugging Face {@code tokenizers}; the pair is cut to {@code maxLength} tokens by taking
 * from the longer half first, as Hugging Face's {@code truncation=True} does.
 *
 * <p>Thread-safe (the native tokenizer is immutable once built).
 */
public final class PairTokenizer implements AutoCloseable {

    private final HuggingFaceTokenizer tokenizer;
    private final int maxLength;

    private PairTokenizer(HuggingFaceTokenizer tokenizer, int maxLength) {
        this.tokenizer = tokenizer;
        this.maxLength = maxLength;
    }

    /**
     * Builds the tokenizer from a {@code tokenizer.json}'s content.
     *
     * @throws IllegalArgumentException when the content is not a tokenizer the library loads (the cause says why)
     */
    public static PairTokenizer fromJson(byte[] tokenizerJson, int maxLength) {
        if (maxLength < 4) {
            throw new IllegalArgumentException("maxLength must leave room for the special tokens and text, got " + maxLength);
        }
        // the file's own padding and truncation are replaced: batches pad themselves, pairs are cut here
        Map<String, String> options = Map.of("addSpecialTokens", "true", "padding", "false", "truncation", "true",
            "maxLength", Integer.toString(maxLength));
        try {
            // the tokenizer's natives are found through the context class loader: a plugin's is the server's
            return new PairTokenizer(DjlEngineSetup.withEngineClassLoader(
                () -> HuggingFaceTokenizer.newInstance(new ByteArrayInputStream(tokenizerJson), options)), maxLength);
        } catch (Exception e) {
            throw new IllegalArgumentException("not a tokenizer.json the tokenizers library loads: " + e.getMessage(), e);
        }
    }

    /** The pair as the model reads it: special tokens and type ids from the file's post-processor, at most {@link #maxLength()} tokens. */
    public Encoding encodePair(String query, String passage) {
        ai.djl.huggingface.tokenizers.Encoding e = tokenizer.encode(query, passage, true, false);
        return new Encoding(toInts(e.getIds()), toInts(e.getTypeIds()));
    }

    /** Tokens of {@code text} alone, without special tokens: what a passage adds to a pair. */
    public int count(String text) {
        return tokenizer.encode(text, false, false).getIds().length;
    }

    public int maxLength() {
        return maxLength;
    }

    private static int[] toInts(long[] values) {
        int[] out = new int[values.length];
        for (int i = 0; i < values.length; i++) {
            out[i] = Math.toIntExact(values[i]);
        }
        return out;
    }

    @Override
    public void close() {
        tokenizer.close();
    }
}
