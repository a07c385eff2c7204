package org.llmrerank.rescorer;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.llmrerank.estimator.Architecture;
import org.llmrerank.estimator.RerankMethod;
import org.llmrerank.rescorer.strategy.AvailableModel;
import org.llmrerank.routing.Cancellation;
import org.llmrerank.routing.crossencoder.CrossEncoder;
import org.llmrerank.routing.tokenizer.Encoding;
import org.llmrerank.routing.tokenizer.PairTokenizer;

/**
 * A cross-encoder scored pointwise: each passage is read together with the query in one forward pass
 * ({@code [CLS] query [SEP] passage [SEP]}) and scored by the classification head's logit. Scores are absolute: a
 * pair's score depends on that pair only, so any grouping of passages gives the same order.
 *
 * <p>FLOPs: {@code estimatedFlops} is the E2R-FLOPs encoder estimate of each pair at its real token count plus the
 * head, as the engine runs it; {@code countedFlops} is what the engine executed, padding included (on ONNX Runtime
 * derived from the shapes each batch ran at).
 */
public final class CrossEncoderRerankModel implements RerankModel {

    private final String name;
    private final PairTokenizer tokenizer;
    private final CrossEncoder engine;
    private final Architecture architecture;
    private final long weightBytes;
    /** Calls hold it shared, close exclusively: the tokenizer is freed only once no call is tokenizing. */
    private final java.util.concurrent.locks.ReadWriteLock lifecycle = new java.util.concurrent.locks.ReentrantReadWriteLock();
    private boolean closed; // guarded by lifecycle

    /** @param weightBytes size of the weights the engine holds, -1 when unknown */
    public CrossEncoderRerankModel(String name, PairTokenizer tokenizer, CrossEncoder engine, Architecture architecture, long weightBytes) {
        this.name = Objects.requireNonNull(name, "name");
        this.tokenizer = Objects.requireNonNull(tokenizer, "tokenizer");
        this.engine = Objects.requireNonNull(engine, "engine");
        this.architecture = Objects.requireNonNull(architecture, "architecture");
        this.weightBytes = weightBytes;
    }

    /** What every cross-encoder serves, known before one is loaded: pointwise by its head's score only. */
    public static Set<Strategy> strategies() {
        return Strategy.runnableWith(Set.of(RerankMethod.POINTWISE_CROSS_ENCODER));
    }

    @Override
    public String name() {
        return name;
    }

    /** Pointwise by cross-encoding only; the architecture's name is the family the effectiveness table knows it by. */
    @Override
    public Optional<AvailableModel> capabilities() {
        return Optional.of(AvailableModel.builder(name, architecture.name(), architecture, tokenizer::count)
            .pointwise(this, RerankMethod.POINTWISE_CROSS_ENCODER).build());
    }

    @Override
    public long weightBytes() {
        return weightBytes;
    }

    @Override
    public PointwiseScores scorePointwise(String query, List<String> passages) throws ModelException {
        return scorePointwise(query, passages, new Cancellation());
    }

    @Override
    public PointwiseScores scorePointwise(String query, List<String> passages, Cancellation cancellation) throws ModelException {
        BiEncoderScoring.requireTexts(query, passages);
        if (passages.isEmpty()) {
            return new PointwiseScores(new float[0], 0, 0, 0);
        }
        lifecycle.readLock().lock();
        try {
            requireOpen();
            return score(query, passages, cancellation);
        } finally {
            lifecycle.readLock().unlock();
        }
    }

    private PointwiseScores score(String query, List<String> passages, Cancellation cancellation) throws ModelException {
        List<Encoding> pairs = pairs(query, passages);
        CrossEncoder.Scored run = BiEncoderScoring.call(name, () -> engine.score(pairs, cancellation));
        double estimated = 0;
        long tokens = 0;
        for (Encoding pair : pairs) {
            estimated += engine.estimatedFlops(pair.length());
            tokens += pair.length();
        }
        return new PointwiseScores(run.scores(), estimated, run.countedFlops(), tokens,
            LayerUsage.of(engine.path(), architecture.nLayer(), passages.size()));
    }

    /** Tokenizes only: nothing is paid once per call, each pair its own pass. */
    @Override
    public Optional<PointwiseCost> estimatePointwise(String query, List<String> passages) {
        BiEncoderScoring.requireTexts(query, passages);
        lifecycle.readLock().lock();
        try {
            if (closed) {
                return Optional.empty();
            }
            List<Encoding> pairs = pairs(query, passages);
            double[] each = new double[pairs.size()];
            for (int i = 0; i < each.length; i++) {
                each[i] = engine.estimatedFlops(pairs.get(i).length());
            }
            return Optional.of(new PointwiseCost(0, each));
        } finally {
            lifecycle.readLock().unlock();
        }
    }

    private void requireOpen() throws ModelException {
        if (closed) {
            throw new ModelException("model [" + name + "] is closed");
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
    public void close() {
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

    @Override
    public String toString() {
        return "CrossEncoderRerankModel{" + name + ", " + engine.getClass().getSimpleName() + ", path " + engine.path() + "}";
    }
}
