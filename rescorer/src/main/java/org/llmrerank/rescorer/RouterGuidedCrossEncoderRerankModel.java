package org.llmrerank.rescorer;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import org.llmrerank.estimator.Architecture;
import org.llmrerank.estimator.FlopsEstimator;
import org.llmrerank.estimator.RerankMethod;
import org.llmrerank.rescorer.strategy.AvailableModel;
import org.llmrerank.routing.Cancellation;
import org.llmrerank.routing.crossencoder.RoutedCrossEncoder;
import org.llmrerank.routing.runtime.LayerPath;
import org.llmrerank.routing.runtime.router.LayerRouters;
import org.llmrerank.routing.tokenizer.Encoding;
import org.llmrerank.routing.tokenizer.PairTokenizer;

/**
 * A cross-encoder on the routed runtime whose blocks Dr.LLM routers choose per pair: before each block a router reads
 * the pair's hidden state and decides skip, execute or repeat, then the classification head scores the first token
 * ({@link RoutedCrossEncoder#scoreWithRouters}). Scored pointwise, as {@link CrossEncoderRerankModel}.
 *
 * <p>FLOPs: counted is what the runtime executed; estimated is the E2R-FLOPs estimate of each pair's executed path at
 * its token count plus the head (every block a pair takes runs in full, so the two agree). Before a call the paths are
 * unknown, so the cost a budget is checked against is full depth's.
 */
public final class RouterGuidedCrossEncoderRerankModel implements RerankModel {

    private final String name;
    private final PairTokenizer tokenizer;
    private final RoutedCrossEncoder engine;
    private final Architecture architecture;
    private final LayerRouters routers;
    private final double knob;
    private final LayerPath full;
    private final long weightBytes;
    /** Calls hold it shared, close exclusively: the tokenizer is freed only once no call is tokenizing. */
    private final ReadWriteLock lifecycle = new ReentrantReadWriteLock();
    private boolean closed; // guarded by lifecycle

    /**
     * @param knob        Dr.LLM's inference knob p in [-1, 1]; {@link LayerRouters#PLAIN} follows the routers as trained
     * @param weightBytes size of the weights the engine holds, -1 when unknown
     * @throws IllegalArgumentException when the routers are not for this encoder's layer count and width, or the knob
     *                                  is outside [-1, 1]
     */
    public RouterGuidedCrossEncoderRerankModel(String name, PairTokenizer tokenizer, RoutedCrossEncoder engine, Architecture architecture,
                                               LayerRouters routers, double knob, long weightBytes) {
        this.name = Objects.requireNonNull(name, "name");
        this.tokenizer = Objects.requireNonNull(tokenizer, "tokenizer");
        this.engine = Objects.requireNonNull(engine, "engine");
        this.architecture = Objects.requireNonNull(architecture, "architecture");
        this.routers = Objects.requireNonNull(routers, "routers");
        int layers = engine.shape().encoder().layers();
        int width = engine.shape().encoder().hidden();
        if (routers.layers() != layers || routers.inputDim() != width) {
            throw new IllegalArgumentException("the routers route " + routers.layers() + " layers of width " + routers.inputDim()
                + "; the cross-encoder has " + layers + " of width " + width);
        }
        if (!(knob >= -1 && knob <= 1)) {
            throw new IllegalArgumentException("the router knob must be in [-1, 1], got " + knob);
        }
        this.knob = knob;
        this.full = LayerPath.full(layers);
        this.weightBytes = weightBytes;
    }

    @Override
    public String name() {
        return name;
    }

    /** Pointwise by cross-encoding only, as every cross-encoder. */
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
            if (closed) {
                throw new ModelException("model [" + name + "] is closed");
            }
            List<Encoding> pairs = pairs(query, passages);
            RoutedCrossEncoder.RoutedScores run = BiEncoderScoring.call(name, () -> engine.scoreWithRouters(pairs, routers, knob, cancellation));
            double estimated = 0;
            long tokens = 0;
            LayerUsage layers = LayerUsage.UNREPORTED;
            for (int i = 0; i < pairs.size(); i++) {
                LayerPath path = run.paths().get(i);
                int t = pairs.get(i).length();
                estimated += pairCost(path, t);
                tokens += t;
                layers = layers.plus(LayerUsage.of(path, engine.shape().encoder().layers(), 1));
            }
            return new PointwiseScores(run.scored().scores(), estimated, run.scored().countedFlops(), tokens, layers);
        } finally {
            lifecycle.readLock().unlock();
        }
    }

    /** Full depth's cost per pair (class comment): tokenizes only. */
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
                each[i] = pairCost(full, pairs.get(i).length());
            }
            return Optional.of(new PointwiseCost(0, each));
        } finally {
            lifecycle.readLock().unlock();
        }
    }

    /** Every block of {@code path} over the pair's {@code tokens} positions, then the head. */
    private double pairCost(LayerPath path, int tokens) {
        return FlopsEstimator.routed(architecture, path.layers(), tokens, 0)
            + FlopsEstimator.classificationHead(architecture, engine.shape().labels());
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
        return "RouterGuidedCrossEncoderRerankModel{" + name + ", " + routers.layers() + " routers, knob " + knob + "}";
    }
}
