package org.llmrerank.routing.crossencoder;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import org.llmrerank.estimator.Architecture;
import org.llmrerank.estimator.FlopsEstimator;
import org.llmrerank.routing.Cancellation;
import org.llmrerank.routing.onnx.EncoderCancelledException;
import org.llmrerank.routing.onnx.EncoderException;
import org.llmrerank.routing.onnx.Pooling;
import org.llmrerank.routing.runtime.BertForward;
import org.llmrerank.routing.runtime.DjlBertModel;
import org.llmrerank.routing.runtime.FlopsCounter;
import org.llmrerank.routing.runtime.LayerPath;
import org.llmrerank.routing.runtime.RoutedBertEncoder;
import org.llmrerank.routing.runtime.router.Decision;
import org.llmrerank.routing.runtime.router.LayerRouters;
import org.llmrerank.routing.runtime.router.Router;
import org.llmrerank.routing.tokenizer.Encoding;
import org.llmrerank.routing.tokenizer.PaddedBatch;

/**
 * A cross-encoder on the routed runtime: the encoder's blocks in DJL's PyTorch engine, driven block by block along a
 * {@link LayerPath} by {@link BertForward} exactly as the routed bi-encoders are (so a path or a router that skips or
 * repeats blocks applies to it), then the classification head on the first token. The path's last block runs for
 * position 0 only, the only row the head reads. Every matmul, the head's included, is counted as it runs. Dr.LLM
 * routers can choose each pair's blocks instead ({@link #scoreWithRouters}).
 *
 * <p>Pairs are batched as {@link RoutedBertEncoder} batches texts: length-sorted, each padded to a width that depends
 * on its own length only, so a pair's score and its counted FLOPs do not depend on its batch-mates.
 *
 * <p>Thread-safe; {@link #close()} waits for calls in flight before freeing the weights.
 */
public final class RoutedCrossEncoder implements CrossEncoder {

    /** Padding allowed per pair: one percent of its length (the bundled routed model's bound). */
    private static final double MAX_PADDING = 0.01;

    private final CrossEncoderShape shape;
    private final RoutedBertEncoder batching;
    private final DjlBertModel model;
    private final ClassificationHead head;
    private final LayerPath path;
    private final Architecture architecture;
    private final ReadWriteLock lifecycle = new ReentrantReadWriteLock();
    private boolean closed; // guarded by lifecycle's write lock

    private RoutedCrossEncoder(CrossEncoderShape shape, DjlBertModel model, ClassificationHead head, LayerPath path, int batchSize) {
        this.shape = shape;
        this.model = model;
        this.head = head;
        this.path = path.requireWithin(shape.encoder().layers());
        this.batching = new RoutedBertEncoder(model, Pooling.CLS, shape.padId(), batchSize, MAX_PADDING);
        this.architecture = shape.architecture("cross-encoder");
    }

    /** Copies {@code weights} into the engine; every pair takes {@code path}. */
    public static RoutedCrossEncoder load(CrossEncoderWeights weights, LayerPath path, int batchSize) {
        DjlBertModel model = DjlBertModel.load(weights.encoder());
        try {
            return new RoutedCrossEncoder(weights.shape(), model, weights.head(), path, batchSize);
        } catch (RuntimeException e) {
            model.close();
            throw e;
        }
    }

    @Override
    public CrossEncoderShape shape() {
        return shape;
    }

    @Override
    public LayerPath path() {
        return path;
    }

    @Override
    public Scored score(List<Encoding> pairs, Cancellation cancellation) throws EncoderException {
        lifecycle.readLock().lock();
        try {
            if (closed) {
                throw new EncoderException("routed cross-encoder is closed");
            }
            float[][] logits = new float[pairs.size()][];
            FlopsCounter counter = new FlopsCounter();
            long padded = 0;
            for (List<Integer> rows : batching.batches(pairs)) {
                List<Encoding> batch = new ArrayList<>(rows.size());
                rows.forEach(i -> batch.add(pairs.get(i)));
                PaddedBatch paddedBatch = batching.pad(batch);
                float[][] batchLogits = head.logits(firstTokenStates(paddedBatch, counter, cancellation), counter);
                for (int r = 0; r < rows.size(); r++) {
                    logits[rows.get(r)] = batchLogits[r];
                }
                padded += (long) paddedBatch.rows() * paddedBatch.columns();
            }
            return new Scored(logits, counter.total(), padded);
        } catch (RuntimeException e) {
            throw new EncoderException("routed cross-encoder failed: " + e.getMessage(), e);
        } finally {
            lifecycle.readLock().unlock();
        }
    }

    /** The path's blocks over the batch, the last for position 0 only; the first token's final states. */
    private float[][] firstTokenStates(PaddedBatch batch, FlopsCounter counter, Cancellation cancellation)
            throws EncoderCancelledException {
        try (BertForward forward = model.begin(batch, counter)) {
            List<Integer> layers = path.layers();
            for (int i = 0; i < layers.size(); i++) {
                if (cancellation.isCancelled()) {
                    throw new EncoderCancelledException("cancelled before layer " + layers.get(i) + " of path " + path);
                }
                if (i == layers.size() - 1) {
                    forward.applyLastForFirstToken(layers.get(i));
                } else {
                    forward.apply(layers.get(i));
                }
            }
            return forward.pool(Pooling.CLS);
        }
    }

    /**
     * Scores with Dr.LLM routers deciding, per pair and per block, to skip, execute or repeat it, from the hidden state
     * entering the block ({@code knob} as in {@link LayerRouters#decide}). Pairs run one at a time, unpadded, since
     * each may take its own path (as {@link org.llmrerank.routing.runtime.router.RoutedRunner} runs texts); every
     * block a pair takes runs in full, so its counted FLOPs are {@code FlopsEstimator.routed} along its path plus
     * the head.
     */
    public RoutedScores scoreWithRouters(List<Encoding> pairs, LayerRouters routers, double knob, Cancellation cancellation)
            throws EncoderException {
        int layers = shape.encoder().layers();
        int d = shape.encoder().hidden();
        if (routers.layers() != layers || routers.inputDim() != d) {
            throw new IllegalArgumentException("routers are for " + routers.layers() + " layers of width " + routers.inputDim()
                + ", the cross-encoder has " + layers + " of " + d);
        }
        lifecycle.readLock().lock();
        try {
            if (closed) {
                throw new EncoderException("routed cross-encoder is closed");
            }
            float[][] logits = new float[pairs.size()][];
            List<LayerPath> paths = new ArrayList<>(pairs.size());
            FlopsCounter counter = new FlopsCounter();
            long tokens = 0;
            for (int i = 0; i < pairs.size(); i++) {
                Encoding pair = pairs.get(i);
                try (BertForward forward = model.begin(PaddedBatch.of(List.of(pair), shape.padId()), counter)) {
                    for (int l = 0; l < layers; l++) {
                        if (cancellation.isCancelled()) {
                            throw new EncoderCancelledException("cancelled before layer " + l + " of pair " + i);
                        }
                        Decision decision = routers.decide(l, Router.windowMeans(forward.hiddenStates(), 0, pair.length(), d), knob);
                        for (int k = 0; k < decision.applications(); k++) {
                            forward.apply(l);
                        }
                    }
                    logits[i] = head.logits(forward.pool(Pooling.CLS), counter)[0];
                    paths.add(new LayerPath(forward.executed()));
                }
                tokens += pair.length();
            }
            return new RoutedScores(new Scored(logits, counter.total(), tokens), paths);
        } catch (RuntimeException e) {
            throw new EncoderException("routed cross-encoder failed: " + e.getMessage(), e);
        } finally {
            lifecycle.readLock().unlock();
        }
    }

    /** A router-guided run: the scores and, per pair, the blocks it took. */
    public record RoutedScores(Scored scored, List<LayerPath> paths) {}

    /** The path with its last block at position 0 only, then the head: what {@link #score} runs for one pair. */
    @Override
    public double estimatedFlops(int tokens) {
        return FlopsEstimator.routedFirstTokenRead(architecture, path.layers(), tokens)
            + FlopsEstimator.classificationHead(architecture, shape.labels());
    }

    /** Waits for calls in flight, then frees the engine's weights. Idempotent. */
    @Override
    public void close() {
        lifecycle.writeLock().lock();
        try {
            if (!closed) {
                closed = true;
                model.close();
            }
        } finally {
            lifecycle.writeLock().unlock();
        }
    }
}
