package org.llmrerank.routing.onnx;

import ai.onnxruntime.NodeInfo;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OnnxValue;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.TensorInfo;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.nio.LongBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import org.llmrerank.routing.Cancellation;
import org.llmrerank.routing.ModelResource;
import org.llmrerank.routing.tokenizer.Encoding;
import org.llmrerank.routing.tokenizer.PaddedBatch;

/**
 * Runs a BERT-class ONNX graph ({@code input_ids}, {@code attention_mask}, optionally
 * {@code token_type_ids}, all int64 {@code [batch, seq]}; output {@code last_hidden_state}
 * {@code [batch, seq, dim]}) with ONNX Runtime and pools each sequence into an L2-normalised
 * embedding.
 *
 * <p>Inputs are sorted by length and cut into batches, each padded only to its own longest
 * sequence: a batch of short passages then costs what short passages cost.
 *
 * <p>Thread-safe: {@code OrtSession.run} may be called concurrently. {@link #close()} waits for
 * calls in flight, so the native session is never freed under a running call.
 *
 * <p>ONNX Runtime executes an opaque graph and cannot report the FLOPs it performed.
 */
public final class OnnxBertEncoder implements AutoCloseable {

    private static final String INPUT_IDS = "input_ids";
    private static final String ATTENTION_MASK = "attention_mask";
    private static final String TOKEN_TYPE_IDS = "token_type_ids";
    private static final String LAST_HIDDEN_STATE = "last_hidden_state";

    private final OrtEnvironment env;
    private final OrtSession session;
    private final String source;
    private final Pooling pooling;
    private final EncoderOptions options;
    private final int padId;
    private final boolean takesTokenTypes;
    private final String outputName;
    private final int dimension;
    private final ReadWriteLock lifecycle = new ReentrantReadWriteLock();
    private boolean closed; // guarded by lifecycle's write lock, read under its read lock

    private OnnxBertEncoder(OrtEnvironment env, OrtSession session, String source, Pooling pooling,
                            EncoderOptions options, int padId) throws EncoderException, OrtException {
        this.env = env;
        this.session = session;
        this.source = source;
        this.pooling = pooling;
        this.options = options;
        this.padId = padId;
        Set<String> inputs = session.getInputNames();
        if (!inputs.contains(INPUT_IDS) || !inputs.contains(ATTENTION_MASK)) {
            throw new EncoderException(source + " is not a BERT-style graph: inputs are " + inputs
                    + ", expected " + INPUT_IDS + " and " + ATTENTION_MASK);
        }
        this.takesTokenTypes = inputs.contains(TOKEN_TYPE_IDS);
        Map<String, NodeInfo> outputs = session.getOutputInfo();
        this.outputName = outputs.containsKey(LAST_HIDDEN_STATE) ? LAST_HIDDEN_STATE : outputs.keySet().iterator().next();
        long[] shape = outputs.get(outputName).getInfo() instanceof TensorInfo t ? t.getShape() : new long[0];
        if (shape.length != 3 || shape[2] <= 0) {
            throw new EncoderException(source + ": output " + outputName + " has shape " + Arrays.toString(shape)
                    + ", expected [batch, seq, hidden] with a fixed hidden size");
        }
        this.dimension = (int) shape[2];
    }

    /**
     * Loads a graph. A file is handed to ONNX Runtime by path; a classpath resource is read into
     * memory first (ORT cannot read inside a jar).
     *
     * @param padId id written into padding positions (masked out, so any valid id works; the
     *              tokenizer's pad id keeps batches identical to Hugging Face's)
     */
    public static OnnxBertEncoder load(ModelResource model, Pooling pooling, EncoderOptions options, int padId)
            throws IOException, EncoderException {
        OrtEnvironment env = OrtEnvironment.getEnvironment(); // process-wide singleton, never closed
        OrtSession.SessionOptions configured;
        try {
            configured = sessionOptions(options);
        } catch (OrtException | EncoderException e) {
            throw new EncoderException("ONNX Runtime could not load " + model + ": " + e.getMessage(), e);
        }
        try (OrtSession.SessionOptions so = configured) {
            Optional<java.nio.file.Path> file = model.path();
            OrtSession session = file.isPresent()
                    ? env.createSession(file.get().toString(), so)
                    : env.createSession(model.readAllBytes(), so);
            try {
                return new OnnxBertEncoder(env, session, model.toString(), pooling, options, padId);
            } catch (EncoderException | OrtException | RuntimeException e) {
                session.close();
                throw e;
            }
        } catch (OrtException e) {
            throw new EncoderException("ONNX Runtime could not load " + model + ": " + e.getMessage(), e);
        }
    }

    /**
     * How every BERT-class graph's session runs (the cross-encoders' and the per-layer sessions' too), on the options'
     * execution provider; the caller closes the options.
     *
     * @throws EncoderException when the execution provider cannot run here (CUDA asked of the CPU build)
     */
    public static OrtSession.SessionOptions sessionOptions(EncoderOptions options) throws OrtException, EncoderException {
        OrtSession.SessionOptions so = new OrtSession.SessionOptions();
        try {
            options.executionProvider().addTo(so);
            so.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.ALL_OPT);
            so.setExecutionMode(OrtSession.SessionOptions.ExecutionMode.SEQUENTIAL);
            so.setIntraOpNumThreads(options.intraOpThreads());
            so.setInterOpNumThreads(1); // a BERT graph is a chain: no parallel branches to run
            so.addConfigEntry("session.intra_op.allow_spinning", options.allowSpinning() ? "1" : "0");
            return so;
        } catch (OrtException | EncoderException | RuntimeException e) {
            so.close();
            throw e;
        }
    }

    /** Embedding width (384 for the bundled models). */
    public int dimension() {
        return dimension;
    }

    public Pooling pooling() {
        return pooling;
    }

    public EncoderOptions options() {
        return options;
    }

    /** Embeds without a way to stop the call early. */
    public float[][] embed(List<Encoding> inputs) throws EncoderException {
        return embed(inputs, new Cancellation());
    }

    /**
     * One unit-length embedding per input, in input order.
     *
     * @throws EncoderCancelledException when {@code cancellation} fired before the last batch ended
     */
    public float[][] embed(List<Encoding> inputs, Cancellation cancellation) throws EncoderException {
        lifecycle.readLock().lock();
        try {
            if (closed) {
                throw new EncoderException("encoder for " + source + " is closed");
            }
            float[][] out = new float[inputs.size()][];
            List<Integer> order = new ArrayList<>(inputs.size());
            for (int i = 0; i < inputs.size(); i++) {
                order.add(i);
            }
            // Longest first: the largest batch (memory peak) runs first, and similar lengths share a batch.
            order.sort(Comparator.comparingInt((Integer i) -> inputs.get(i).length()).reversed());
            for (int from = 0; from < order.size(); from += options.batchSize()) {
                if (cancellation.isCancelled()) {
                    throw new EncoderCancelledException("cancelled after " + from + " of " + inputs.size() + " sequences");
                }
                List<Integer> rows = order.subList(from, Math.min(from + options.batchSize(), order.size()));
                List<Encoding> batch = new ArrayList<>(rows.size());
                rows.forEach(i -> batch.add(inputs.get(i)));
                float[][] pooled = run(PaddedBatch.of(batch, padId), cancellation);
                for (int r = 0; r < rows.size(); r++) {
                    out[rows.get(r)] = pooled[r];
                }
            }
            return out;
        } finally {
            lifecycle.readLock().unlock();
        }
    }

    private float[][] run(PaddedBatch batch, Cancellation cancellation) throws EncoderException {
        Map<String, OnnxTensor> feed = new HashMap<>();
        try (OrtSession.RunOptions runOptions = new OrtSession.RunOptions()) {
            // Unregistered before runOptions is closed: a late cancel never touches freed memory.
            Cancellation.Registration registration = cancellation.onCancel(() -> terminate(runOptions));
            try {
                putIdTensors(feed, env, batch, takesTokenTypes);
                try (OrtSession.Result result = session.run(feed, Set.of(outputName), runOptions)) {
                    OnnxValue value = result.get(outputName).orElseThrow(
                            () -> new EncoderException(source + ": the run returned no " + outputName));
                    FloatBuffer hidden = ((OnnxTensor) value).getFloatBuffer();
                    return poolRows(hidden, batch, batch.columns(), dimension, pooling, source);
                }
            } finally {
                registration.close();
            }
        } catch (OrtException e) {
            if (cancellation.isCancelled()) {
                throw new EncoderCancelledException("ONNX Runtime run terminated by cancellation", e);
            }
            throw new EncoderException("ONNX Runtime run failed for " + source + " on a batch of "
                    + batch.rows() + " x " + batch.columns() + " tokens: " + e.getMessage(), e);
        } finally {
            feed.values().forEach(OnnxTensor::close);
        }
    }

    /**
     * The batch's token ids, attention mask and (when the graph reads them) token types as int64 {@code [rows, columns]}
     * tensors, put into {@code feed} one by one, so the caller closes what was made even when a later one fails.
     */
    static void putIdTensors(Map<String, OnnxTensor> feed, OrtEnvironment env, PaddedBatch batch, boolean tokenTypes)
            throws OrtException {
        long[] shape = {batch.rows(), batch.columns()};
        feed.put(INPUT_IDS, OnnxTensor.createTensor(env, direct(batch.inputIds()), shape));
        feed.put(ATTENTION_MASK, OnnxTensor.createTensor(env, direct(batch.attentionMask()), shape));
        if (tokenTypes) {
            feed.put(TOKEN_TYPE_IDS, OnnxTensor.createTensor(env, direct(batch.typeIds()), shape));
        }
    }

    /**
     * Each row of a hidden state {@code [rows, columns, d]} pooled over its unmasked positions and L2-normalised;
     * {@code columns} is the batch's width, or 1 where the last layer computed the first position only.
     */
    static float[][] poolRows(FloatBuffer hidden, PaddedBatch batch, int columns, int d, Pooling pooling, String source)
            throws EncoderException {
        long expected = (long) batch.rows() * columns * d;
        if (hidden.capacity() != expected) {
            throw new EncoderException(source + ": output holds " + hidden.capacity() + " values, expected "
                    + batch.rows() + " x " + columns + " x " + d);
        }
        float[][] pooled = new float[batch.rows()][];
        for (int r = 0; r < batch.rows(); r++) {
            float[] v = new float[d];
            pooling.pool(hidden, r * columns * d, d, batch.attentionMask(), r * columns, columns, v);
            Pooling.l2Normalize(v);
            pooled[r] = v;
        }
        return pooled;
    }

    private static void terminate(OrtSession.RunOptions runOptions) {
        try {
            runOptions.setTerminate(true);
        } catch (OrtException e) {
            throw new IllegalStateException("could not set the ONNX Runtime terminate flag", e);
        }
    }

    /** ORT copies a heap buffer into a direct one anyway; a direct buffer is handed over as is. */
    private static LongBuffer direct(long[] values) {
        LongBuffer buffer = ByteBuffer.allocateDirect(values.length * Long.BYTES).order(ByteOrder.nativeOrder()).asLongBuffer();
        buffer.put(values).rewind();
        return buffer;
    }

    /** Waits for calls in flight, then frees the native session. Idempotent. */
    @Override
    public void close() {
        lifecycle.writeLock().lock();
        try {
            if (!closed) {
                closed = true;
                try {
                    session.close();
                } catch (OrtException e) {
                    throw new IllegalStateException("closing the ONNX Runtime session of " + source + " failed", e);
                }
            }
        } finally {
            lifecycle.writeLock().unlock();
        }
    }

    @Override
    public String toString() {
        return "OnnxBertEncoder{" + source + ", " + pooling + ", dim=" + dimension + ", " + options + "}";
    }
}
