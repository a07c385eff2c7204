package org.llmrerank.rescorer;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import org.llmrerank.estimator.Architecture;
import org.llmrerank.estimator.RerankMethod;
import org.llmrerank.rescorer.strategy.AvailableModel;
import org.llmrerank.routing.Cancellation;
import org.llmrerank.routing.crossencoder.CrossEncoder;
import org.llmrerank.routing.tokenizer.Encoding;
import org.llmrerank.routing.tokenizer.PairTokenizer;

/**
 * What every cross-encoder model shares whichever engine scores it: pointwise by cross-encoding only, each passage
 * tokenized with the query as one pair, calls shared and close exclusive (the tokenizer and engine are freed only once
 * no call is using them). A subclass says how a batch of pairs is scored and what one pair costs before a call.
 */
abstract class CrossEncoderModelBase implements RerankModel {

    protected final String name;
    protected final Architecture architecture;
    private final PairTokenizer tokenizer;
    private final CrossEncoder engine;
    private final long weightBytes;
    private final ReadWriteLock lifecycle = new ReentrantReadWriteLock();
    private boolean closed; // guarded by lifecycle

    /** @param weightBytes size of the weights the engine holds, -1 when unknown */
    CrossEncoderModelBase(String name, PairTokenizer tokenizer, CrossEncoder engine, Architecture architecture, long weightBytes) {
        this.name = Objects.requireNonNull(name, "name");
        this.tokenizer = Objects.requireNonNull(tokenizer, "tokenizer");
        this.engine = Objects.requireNonNull(engine, "engine");
        this.architecture = Objects.requireNonNull(architecture, "architecture");
        this.weightBytes = weightBytes;
    }

    /** Scores {@code pairs} (one per passage, in order), on the calling thread, with the model open. */
    protected abstract PointwiseScores score(List<Encoding> pairs, Cancellation cancellation) throws ModelException;

    /** What one pair of {@code tokens} tokens costs before a call: the figure a budget is checked against. */
    protected abstract double pairCostBeforeCall(int tokens);

    @Override
    public final String name() {
        return name;
    }

    /** Pointwise by cross-encoding only; the architecture's name is the family the effectiveness table knows it by. */
    @Override
    public final Optional<AvailableModel> capabilities() {
        return Optional.of(AvailableModel.builder(name, architecture.name(), architecture, tokenizer::count)
            .pointwise(this, RerankMethod.POINTWISE_CROSS_ENCODER).build());
    }

    @Override
    public final long weightBytes() {
        return weightBytes;
    }

    @Override
    public final PointwiseScores scorePointwise(String query, List<String> passages) throws ModelException {
        return scorePointwise(query, passages, new Cancellation());
    }

    @Override
    public final PointwiseScores scorePointwise(String query, List<String> passages, Cancellation cancellation) throws ModelException {
        BiEncoderScoring.requireTexts(query, passages);
        if (passages.isEmpty()) {
            return new PointwiseScores(new float[0], 0, 0, 0);
        }
        lifecycle.readLock().lock();
        try {
            if (closed) {
                throw new ModelException("model [" + name + "] is closed");
            }
            return score(pairs(query, passages), cancellation);
        } finally {
            lifecycle.readLock().unlock();
        }
    }

    /** Tokenizes only: nothing is paid once per call, each pair its own pass. */
    @Override
    public final Optional<PointwiseCost> estimatePointwise(String query, List<String> passages) {
        BiEncoderScoring.requireTexts(query, passages);
        lifecycle.readLock().lock();
        try {
            if (closed) {
                return Optional.empty();
            }
            List<Encoding> pairs = pairs(query, passages);
            double[] each = new double[pairs.size()];
            for (int i = 0; i < each.length; i++) {
                each[i] = pairCostBeforeCall(pairs.get(i).length());
            }
            return Optional.of(new PointwiseCost(0, each));
        } finally {
            lifecycle.readLock().unlock();
        }
    }

    private List<Encoding> pairs(String query, List<String> passages) {
        List<Encoding> pairs = new ArrayList<>(passages.size());
        for (String p : passages) {
            pairs.add(tokenizer.encodePair(query, p));
        }
        return pairs;
    }

    /** Frees the engine's weights and the tokenizer, after calls in flight finish. Idempotent. */
    @Override
    public final void close() {
        lifecycle.writeLock().lock();
        try {
            if (!closed) {
                closed = true;
                engine.close();
                tokenizer.close();
            }
        } finally {
            lifecycle.writeLock().unlock();
        }
    }
}
