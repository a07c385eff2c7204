package org.llmrerank.rescorer.llm;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;
import org.llmrerank.estimator.Architecture;
import org.llmrerank.estimator.FlopsEstimator;
import org.llmrerank.rescorer.strategy.CallCost;
import org.llmrerank.routing.hf.HfTokenizer;
import org.llmrerank.routing.runtime.FlopsCounter;
import org.llmrerank.routing.runtime.t5.DjlT5Model;
import org.llmrerank.routing.runtime.t5.T5Checkpoint;
import org.llmrerank.routing.runtime.t5.T5Config;
import org.llmrerank.routing.runtime.t5.T5Session;

/**
 * A T5 / Flan-T5 checkpoint loaded for reranking, the Setwise paper's model family: the DJL T5
 * runtime and its tokenizer, shared by {@link Seq2SeqPointwiseModel}, {@link Seq2SeqLabelScorer} and
 * {@link Seq2SeqTextGenerator}. Thread-safe.
 *
 * <p>Costs as in {@link CausalLm}: {@code estimatedFlops} = E2R-FLOPs {@code encoderDecoder} for
 * each prompt's real length and the decoder inputs fed; {@code countedFlops} = what the runtime ran
 * (encoder padding included); the LM head in neither.
 */
public final class Seq2SeqLm implements AutoCloseable {

    private final String name;
    private final DjlT5Model model;
    private final HfTokenizer tokenizer;
    private final AtomicLong forwardCalls = new AtomicLong();

    public Seq2SeqLm(String name, DjlT5Model model, HfTokenizer tokenizer) {
        this.name = Objects.requireNonNull(name, "name");
        this.model = Objects.requireNonNull(model, "model");
        this.tokenizer = Objects.requireNonNull(tokenizer, "tokenizer");
    }

    public static Seq2SeqLm open(String name, Path checkpoint) {
        T5Checkpoint ck = T5Checkpoint.open(checkpoint);
        HfTokenizer tokenizer = HfTokenizer.open(ck.directory());
        try {
            return new Seq2SeqLm(name, DjlT5Model.load(ck), tokenizer);
        } catch (RuntimeException e) {
            tokenizer.close();
            throw e;
        }
    }

    public String name() {
        return name;
    }

    public T5Config config() {
        return model.config();
    }

    public Architecture architecture() {
        return model.config().architecture();
    }

    public HfTokenizer tokenizer() {
        return tokenizer;
    }

    /** Encoder passes (batched) run so far; one per adapter call. */
    public long forwardCalls() {
        return forwardCalls.get();
    }

    T5Session encode(List<long[]> prompts, FlopsCounter counter) {
        forwardCalls.incrementAndGet();
        return model.encode(prompts, counter);
    }

    /** The same decoder input for every row. */
    static long[][] repeat(long[] decoderInput, int rows) {
        long[][] out = new long[rows][];
        Arrays.fill(out, decoderInput);
        return out;
    }

    String truncate(String text, int maxTokens) {
        long[] ids = tokenizer.encode(text, false);
        return ids.length <= maxTokens ? text : tokenizer.decode(Arrays.copyOf(ids, maxTokens));
    }

    CallCost cost(FlopsCounter counter, long[] promptLengths, int decoderTokens) {
        double estimated = 0;
        long tokens = 0;
        for (long n : promptLengths) {
            estimated += FlopsEstimator.encoderDecoder(architecture(), n, decoderTokens);
            tokens += n;
        }
        return new CallCost(estimated, counter.paperTotal(), tokens, (long) decoderTokens * promptLengths.length,
                promptLengths.length);
    }

    long[] encodeContinuation(String text) {
        long[] ids = tokenizer.encode(text, false);
        if (ids.length == 0) {
            throw new IllegalArgumentException("model [" + name + "]: '" + text + "' encodes to no token");
        }
        return ids;
    }

    @Override
    public void close() {
        model.close();
        tokenizer.close();
    }
}
