package org.llmrerank.routing.hf;

import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import java.io.IOException;

/**
 * A checkpoint's {@code tokenizer.json} through DJL's binding of Hugging Face {@code tokenizers}
 * (any model type: BPE, Unigram, WordLevel, WordPiece). No truncation and no padding: the LLM
 * runtime pads itself (left) and callers truncate passages by token count as the papers' code does.
 * Special tokens (e.g. Llama's BOS) come from the file's post-processor and are added only when
 * asked, so a continuation (a query after its prompt, a label) can be encoded without them.
 *
 * <p>Thread-safe (the native tokenizer is immutable once built).
 */
public final class HfTokenizer implements AutoCloseable {

    public static final String FILE = "tokenizer.json";

    private final HuggingFaceTokenizer tokenizer;

    private HfTokenizer(HuggingFaceTokenizer tokenizer) {
        this.tokenizer = tokenizer;
    }

    public static HfTokenizer open(CheckpointDirectory dir) {
        try {
            // the tokenizer's natives are found through the context class loader: a plugin's is the server's
            return new HfTokenizer(org.llmrerank.routing.runtime.DjlEngineSetup.withEngineClassLoader(() -> HuggingFaceTokenizer.builder()
                    .optTokenizerPath(dir.resolve(FILE))
                    .optTruncation(false)
                    .optPadding(false)
                    .optAddSpecialTokens(true)
                    .build()));
        } catch (Exception e) {
            throw new CheckpointException(dir.root() + "/" + FILE + ": cannot load tokenizer: " + e.getMessage(), e);
        }
    }

    /** Token ids of {@code text}; with {@code specialTokens} the post-processor's (BOS, ...) too. */
    public long[] encode(String text, boolean specialTokens) {
        return tokenizer.encode(text, specialTokens, false).getIds();
    }

    /** Tokens of {@code text} without special tokens. */
    public int count(String text) {
        return encode(text, false).length;
    }

    public String decode(long[] ids) {
        return tokenizer.decode(ids, true);
    }

    @Override
    public void close() {
        tokenizer.close();
    }
}
