package org.llmrerank.routing.runtime;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import org.llmrerank.estimator.Architecture;
import org.llmrerank.estimator.FlopsEstimator;
import org.llmrerank.routing.Cancellation;
import org.llmrerank.routing.onnx.EncoderCancelledException;
import org.llmrerank.routing.onnx.EncoderException;
import org.llmrerank.routing.onnx.Pooling;
import org.llmrerank.routing.tokenizer.Encoding;
import org.llmrerank.routing.tokenizer.PaddedBatch;

/**
 * Embeds tokenized inputs with a {@link DjlBertModel} along a {@link LayerPath}: inputs are
 * length-sorted and cut into batches, each batch runs the path block by block, and the rows are
 * pooled and L2-normalised. With bounded padding a row is padded to a width that depends on its
 * own length only ({@link #paddedLength}: at most {@code maxPadding} of it) and shares a batch
 * only with rows of that width: padding is executed (and counted) work that the estimate for the
 * real token counts does not include, and with plain batches of 32 over DL19's passages it was
 * 40% of the FLOPs (measured in the node).
 * Cancellation is checked between blocks, so a deadline stops a request within one block.
 *
 * <p>Thread-safe; {@link #close()} waits for requests in flight before freeing the weights.
 * The path is fixed per request; per-sequence routing (Dr.LLM routers) drives {@link BertForward}
 * itself, with decisions read between blocks ({@link org.llmrerank.routing.runtime.router.RoutedRunner}).
 */
public final class RoutedBertEncoder implements AutoCloseable {

    private final DjlBertModel model;
    private final Pooling pooling;
    private final int padId;
    private final int batchSize;
    private final double maxPadding;
    private final ReadWriteLock lifecycle = new ReentrantReadWriteLock();
    private boolean closed; // guarded by lifecycle's write lock

    /**
     * @param batchSize sequences per engine call. fp32 has no per-batch quantisation, so batch-mates
     *                  and padding do not change a sequence's embedding (masking; checked by the tests)
     */
    public RoutedBertEncoder(DjlBertModel model, Pooling pooling, int padId, int batchSize) {
        this(model, pooling, padId, batchSize, Double.POSITIVE_INFINITY);
    }

    /**
     * @param maxPadding a sequence joins a batch only if the batch's longest is at most {@code 1 + maxPadding}
     *                   times its own length (0: equal lengths only; infinity: batches of {@code batchSize})
     */
    public RoutedBertEncoder(DjlBertModel model, Pooling pooling, int padId, int batchSize, double maxPadding) {
        if (batchSize < 1) {
            throw new IllegalArgumentException("batchSize must be positive, got " + batchSize);
        }
        if (!(maxPadding >= 0)) {
            throw new IllegalArgumentException("maxPadding must be >= 0, got " + maxPadding);
        }
        this.model = model;
        this.pooling = pooling;
        this.padId = padId;
        this.batchSize = batchSize;
        this.maxPadding = maxPadding;
    }

    public BertConfig config() {
        return model.config();
    }

    public Pooling pooling() {
        return pooling;
    }

    /** The engine model, for callers that drive {@link BertForward} themselves (Dr.LLM routers). */
    public DjlBertModel model() {
        return model;
    }

    public int padId() {
        return padId;
    }

    public int batchSize() {
        return batchSize;
    }

    /**
     * One unit-length embedding per input, every input through {@code path}.
     *
     * @throws EncoderCancelledException when {@code cancellation} fired before the last block ended
     */
    public EncodedBatch embed(List<Encoding> inputs, LayerPath path, Cancellation cancellation) throws EncoderException {
        return embedGroups(List.of(inputs), path, cancellation).get(0);
    }

    /**
     * Several requests in one engine run (continuous batching across searches): all their inputs are
     * length-sorted together, so same-length rows of different requests share a batch (bigger GEMMs),
     * and each request gets back its own embeddings and the FLOPs and padded tokens of its own rows.
     *
     * <p>With bounded padding a row is padded to {@link #paddedLength} of its own length, whoever its
     * batch-mates are, and every op's FLOPs over a batch are a sum of equal per-row shares: so each
     * request's counted FLOPs are exactly what it counts when embedded alone. Only unbounded padding
     * (batches of {@code batchSize} padded to their longest) makes a row's cost depend on its batch.
     *
     * @throws EncoderCancelledException when {@code cancellation} fired before the last block ended (no
     *                                   request gets a result then)
     */
    public List<EncodedBatch> embedGroups(List<List<Encoding>> requests, LayerPath path, Cancellation cancellation)
            throws EncoderException {
        path.requireWithin(model.config().layers());
        lifecycle.readLock().lock();
        try {
            if (closed) {
                throw new EncoderException("routed encoder is closed");
            }
            // one list in request order, so a tie in the plan keeps request order and the batching is deterministic
            List<Encoding> all = new ArrayList<>();
            List<int[]> origin = new ArrayList<>(); // {group, index} per entry of all
            float[][][] out = new float[requests.size()][][];
            for (int g = 0; g < requests.size(); g++) {
                List<Encoding> inputs = requests.get(g);
                out[g] = new float[inputs.size()][];
                for (int i = 0; i < inputs.size(); i++) {
                    all.add(inputs.get(i));
                    origin.add(new int[] {g, i});
                }
            }
            double[] flops = new double[requests.size()];
            long[] padded = new long[requests.size()];
            for (List<Integer> batchRows : batches(all)) {
                List<Encoding> batch = new ArrayList<>(batchRows.size());
                batchRows.forEach(i -> batch.add(all.get(i)));
                PaddedBatch paddedBatch = pad(batch);
                FlopsCounter counter = new FlopsCounter();
                float[][] pooled = run(paddedBatch, path, counter, cancellation);
                // every op's FLOPs are a multiple of the row count: an exact equal share per row
                double perRow = counter.total() / batchRows.size();
                for (int r = 0; r < batchRows.size(); r++) {
                    int[] o = origin.get(batchRows.get(r));
                    out[o[0]][o[1]] = pooled[r];
                    flops[o[0]] += perRow;
                    padded[o[0]] += paddedBatch.columns();
                }
            }
            List<EncodedBatch> results = new ArrayList<>(requests.size());
            for (int g = 0; g < requests.size(); g++) {
                results.add(new EncodedBatch(out[g], flops[g], path, padded[g]));
            }
            return results;
        } catch (RuntimeException e) {
            throw new EncoderException("routed encoder failed: " + e.getMessage(), e);
        } finally {
            lifecycle.readLock().unlock();
        }
    }

    /**
     * How {@code inputs} are cut into engine batches, in execution order (indices into {@code inputs}): longest padded
     * width first, then longest input, ties in input order; a batch holds at most {@code batchSize} inputs and, with
     * bounded padding, one padded width only (else inputs within {@code 1 + maxPadding} of its longest).
     */
    public List<List<Integer>> batches(List<Encoding> inputs) {
        List<Integer> order = new ArrayList<>(inputs.size());
        int[] bucket = new int[inputs.size()];
        for (int i = 0; i < inputs.size(); i++) {
            order.add(i);
            bucket[i] = paddedLength(inputs.get(i).length());
        }
        order.sort(Comparator.comparingInt((Integer i) -> bucket[i]).reversed()
            .thenComparing(Comparator.comparingInt((Integer i) -> inputs.get(i).length()).reversed())
            .thenComparingInt(i -> i));
        List<List<Integer>> out = new ArrayList<>();
        for (int from = 0, to; from < order.size(); from = to) {
            int first = order.get(from);
            to = from + 1;
            while (to < order.size() && to - from < batchSize && joins(inputs, bucket, first, order.get(to))) {
                to++;
            }
            out.add(List.copyOf(order.subList(from, to)));
        }
        return out;
    }

    /** A batch from {@link #batches} padded as this encoder pads: to its padded width when bounded, else to its longest. */
    public PaddedBatch pad(List<Encoding> batch) {
        return bounded() ? PaddedBatch.of(batch, padId, paddedLength(batch.get(0).length())) : PaddedBatch.of(batch, padId);
    }

    private boolean bounded() {
        return Double.isFinite(maxPadding);
    }

    private boolean joins(List<Encoding> inputs, int[] bucket, int first, int next) {
        return bounded() ? bucket[next] == bucket[first]
            : inputs.get(first).length() <= (1 + maxPadding) * inputs.get(next).length();
    }

    /**
     * The width a sequence of {@code length} tokens is padded to: the next point of a fixed ladder
     * whose points lie at most {@code maxPadding} of a length above every length they cover (each
     * point is {@code floor((previous + 1) * (1 + maxPadding))}; with 1% that is every length below
     * 100, then 101, 103, ...), capped at the model's positions. A function of the length alone, so
     * what a row executes never depends on its batch-mates; {@code length} itself when padding is
     * unbounded (the batch's longest decides then).
     */
    public int paddedLength(int length) {
        int positions = model.config().maxPositions();
        if (!bounded() || length >= positions) {
            return length; // too long a sequence is refused by the model, with its own length in the message
        }
        int point = 0;
        while (point < length) {
            point = (int) Math.floor((point + 1) * (1 + maxPadding));
        }
        return Math.min(point, positions);
    }

    private float[][] run(PaddedBatch batch, LayerPath path, FlopsCounter counter, Cancellation cancellation)
            throws EncoderCancelledException {
        try (BertForward forward = model.begin(batch, counter)) {
            List<Integer> layers = path.layers();
            for (int i = 0; i < layers.size(); i++) {
                int layer = layers.get(i);
                if (cancellation.isCancelled()) {
                    throw new EncoderCancelledException("cancelled before layer " + layer + " of path " + path);
                }
                if (i == layers.size() - 1) {
                    return finish(forward, layer);
                }
                forward.apply(layer);
            }
            return finish(forward); // the empty path: embeddings straight from the embedding layer
        }
    }

    /**
     * Runs a path's last block and pools: under CLS pooling the last block computes position 0 only
     * ({@link BertForward#applyLastForFirstToken}), since the rest of its rows would be computed for nothing.
     * Unit-length rows.
     */
    float[][] finish(BertForward forward, int lastLayer) {
        if (pooling == Pooling.CLS) {
            forward.applyLastForFirstToken(lastLayer);
        } else {
            forward.apply(lastLayer);
        }
        return finish(forward);
    }

    /**
     * The estimated FLOPs of one {@code tokens}-long input along {@code layers}, as {@link #finish} runs the last block:
     * {@code FlopsEstimator.routedFirstTokenRead} under CLS pooling, {@code FlopsEstimator.routed} otherwise.
     */
    public double estimatedFlops(Architecture architecture, List<Integer> layers, int tokens) {
        return pooling == Pooling.CLS
            ? FlopsEstimator.routedFirstTokenRead(architecture, layers, tokens)
            : FlopsEstimator.routed(architecture, layers, tokens, 0);
    }

    private float[][] finish(BertForward forward) {
        float[][] pooled = forward.pool(pooling);
        for (float[] v : pooled) {
            Pooling.l2Normalize(v);
        }
        return pooled;
    }

    /** Waits for requests in flight, then frees the engine's weights. Idempotent. */
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
