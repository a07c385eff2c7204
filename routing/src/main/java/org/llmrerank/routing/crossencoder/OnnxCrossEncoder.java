package org.llmrerank.routing.crossencoder;

import ai.onnxruntime.NodeInfo;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OnnxValue;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.TensorInfo;
import java.io.IOException;
import java.nio.FloatBuffer;
import java.nio.LongBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import org.llmrerank.estimator.Architecture;
import org.llmrerank.estimator.FlopsEstimator;
import org.llmrerank.routing.Cancellation;
import org.llmrerank.routing.ModelResource;
import org.llmrerank.routing.onnx.EncoderCancelledException;
import org.llmrerank.routing.onnx.EncoderException;
import org.llmrerank.routing.onnx.EncoderOptions;
import org.llmrerank.routing.onnx.OnnxBertEncoder;
import org.llmrerank.routing.runtime.FlopsCounter;
import org.llmrerank.routing.tokenizer.Encoding;
import org.llmrerank.routing.tokenizer.PaddedBatch;

/**
 * A cross-encoder exported to ONNX ({@code input_ids}, {@code attention_mask}, optionally {@code token_type_ids}, all
 * int64 {@code [batch, seq]}; output {@code logits} {@code [batch, labels]}, as Hugging Face's exporters write a
 * {@code *ForSequenceClassification}) run by ONNX Runtime. Pairs are sorted by length and batched, each batch padded to
 * its longest.
 *
 * <p>{@link Scored#countedFlops()} is derived from the shapes each batch was run at ({@link ExecutedGraphFlops}): the
 * graph is fixed, so every block over every padded position of every row plus the head is what ONNX Runtime
 * multiplied; it is not instrumented per op. The estimate is the full encoder over each pair's own length plus the
 * head (the graph computes every position's last block whether or not the head reads it), so counted over estimated
 * is the padding's overhead.
 *
 * <p>Thread-safe; {@link #close()} waits for calls in flight.
 */
public final class OnnxCrossEncoder implements CrossEncoder {

    private static final String INPUT_IDS = "input_ids";
    private static final String ATTENTION_MASK = "attention_mask";
    private static final String TOKEN_TYPE_IDS = "token_type_ids";
    private static final String LOGITS = "logits";

    private final OrtEnvironment env;
    private final OrtSession session;
    private final String source;
    private final CrossEncoderShape shape;
    private final int batchSize;
    private final boolean takesTokenTypes;
    private final String output;
    private final Architecture architecture;
    private final ReadWriteLock lifecycle = new ReentrantReadWriteLock();
    private boolean closed; // guarded by lifecycle's write lock

    private OnnxCrossEncoder(OrtEnvironment env, OrtSession session, String source, CrossEncoderShape shape, int batchSize)
            throws EncoderException, OrtException {
        this.env = env;
        this.session = session;
        this.source = source;
        this.shape = shape;
        this.batchSize = batchSize;
        this.architecture = shape.architecture("cross-encoder");
        Set<String> inputs = session.getInputNames();
        if (!inputs.contains(INPUT_IDS) || !inputs.contains(ATTENTION_MASK)) {
            throw new EncoderException(source + " is not a BERT-style graph: inputs are " + inputs + ", expected " + INPUT_IDS
                + " and " + ATTENTION_MASK);
        }
        this.takesTokenTypes = inputs.contains(TOKEN_TYPE_IDS);
        Map<String, NodeInfo> outputs = session.getOutputInfo();
        this.output = outputs.containsKey(LOGITS) ? LOGITS : outputs.keySet().iterator().next();
        long[] dims = outputs.get(output).getInfo() instanceof TensorInfo t ? t.getShape() : new long[0];
        if (dims.length != 2 || dims[1] != shape.labels()) {
            throw new EncoderException(source + ": output " + output + " has shape " + Arrays.toString(dims) + ", expected [batch, "
                + shape.labels() + "] (the config's labels): a sequence classifier's logits");
        }
    }

    /** Loads a graph; a file is handed to ONNX Runtime by path, content (checked bytes) as it is. */
    public static OnnxCrossEncoder load(ModelResource graph, CrossEncoderShape shape, EncoderOptions options)
            throws IOException, EncoderException {
        OrtEnvironment env = OrtEnvironment.getEnvironment(); // process-wide singleton, never closed
        try (OrtSession.SessionOptions so = OnnxBertEncoder.sessionOptions(options)) {
            OrtSession session = graph.path().isPresent() ? env.createSession(graph.path().get().toString(), so)
                : env.createSession(graph.readAllBytes(), so);
            try {
                return new OnnxCrossEncoder(env, session, graph.toString(), shape, options.batchSize());
            } catch (EncoderException | OrtException | RuntimeException e) {
                session.close();
                throw e;
            }
        } catch (OrtException e) {
            throw new EncoderException("ONNX Runtime could not load " + graph + ": " + e.getMessage(), e);
        }
    }

    @Override
    public CrossEncoderShape shape() {
        return shape;
    }

    /** Every block, once: ONNX Runtime runs the graph whole. */
    @Override
    public org.llmrerank.routing.runtime.LayerPath path() {
        return org.llmrerank.routing.runtime.LayerPath.full(shape.encoder().layers());
    }

    @Override
    public Scored score(List<Encoding> pairs, Cancellation cancellation) throws EncoderException {
        lifecycle.readLock().lock();
        try {
            if (closed) {
                throw new EncoderException("cross-encoder for " + source + " is closed");
            }
            float[][] logits = new float[pairs.size()][];
            List<Integer> order = new ArrayList<>(pairs.size());
            for (int i = 0; i < pairs.size(); i++) {
                order.add(i);
            }
            order.sort(Comparator.comparingInt((Integer i) -> pairs.get(i).length()).reversed().thenComparingInt(i -> i));
            FlopsCounter counter = new FlopsCounter();
            long padded = 0;
            for (int from = 0; from < order.size(); from += batchSize) {
                if (cancellation.isCancelled()) {
                    throw new EncoderCancelledException("cancelled after " + from + " of " + pairs.size() + " pairs");
                }
                List<Integer> rows = order.subList(from, Math.min(from + batchSize, order.size()));
                List<Encoding> batch = new ArrayList<>(rows.size());
                rows.forEach(i -> batch.add(pairs.get(i)));
                PaddedBatch paddedBatch = PaddedBatch.of(batch, shape.padId());
                float[] batchLogits = run(paddedBatch, cancellation);
                for (int r = 0; r < rows.size(); r++) {
                    logits[rows.get(r)] = Arrays.copyOfRange(batchLogits, r * shape.labels(), (r + 1) * shape.labels());
                }
                ExecutedGraphFlops.addBatch(counter, shape, paddedBatch.rows(), paddedBatch.columns());
                padded += (long) paddedBatch.rows() * paddedBatch.columns();
            }
            return new Scored(logits, counter.total(), padded);
        } finally {
            lifecycle.readLock().unlock();
        }
    }

    private float[] run(PaddedBatch batch, Cancellation cancellation) throws EncoderException {
        long[] dims = {batch.rows(), batch.columns()};
        Map<String, OnnxTensor> feed = new HashMap<>();
        try (OrtSession.RunOptions runOptions = new OrtSession.RunOptions()) {
            // unregistered before runOptions is closed: a late cancel never touches freed memory
            Cancellation.Registration registration = cancellation.onCancel(() -> terminate(runOptions));
            try {
                feed.put(INPUT_IDS, OnnxTensor.createTensor(env, LongBuffer.wrap(batch.inputIds()), dims));
                feed.put(ATTENTION_MASK, OnnxTensor.createTensor(env, LongBuffer.wrap(batch.attentionMask()), dims));
                if (takesTokenTypes) {
                    feed.put(TOKEN_TYPE_IDS, OnnxTensor.createTensor(env, LongBuffer.wrap(batch.typeIds()), dims));
                }
                try (OrtSession.Result result = session.run(feed, Set.of(output), runOptions)) {
                    OnnxValue value = result.get(output).orElseThrow(() -> new EncoderException(source + ": the run returned no " + output));
                    FloatBuffer logits = ((OnnxTensor) value).getFloatBuffer();
                    if (logits.capacity() != batch.rows() * shape.labels()) {
                        throw new EncoderException(source + ": " + output + " holds " + logits.capacity() + " values for " + batch.rows()
                            + " pairs of " + shape.labels() + " logits");
                    }
                    float[] out = new float[logits.capacity()];
                    logits.get(out);
                    return out;
                }
            } finally {
                registration.close();
            }
        } catch (OrtException e) {
            if (cancellation.isCancelled()) {
                throw new EncoderCancelledException("ONNX Runtime run terminated by cancellation", e);
            }
            throw new EncoderException("ONNX Runtime run failed for " + source + " on a batch of " + batch.rows() + " x "
                + batch.columns() + " tokens: " + e.getMessage(), e);
        } finally {
            feed.values().forEach(OnnxTensor::close);
        }
    }

    private static void terminate(OrtSession.RunOptions runOptions) {
        try {
            runOptions.setTerminate(true);
        } catch (OrtException e) {
            throw new IllegalStateException("could not set the ONNX Runtime terminate flag", e);
        }
    }

    /** The whole encoder at the pair's length, then the head (class comment). */
    @Override
    public double estimatedFlops(int tokens) {
        return FlopsEstimator.crossEncoder(architecture, tokens, shape.labels());
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
}
