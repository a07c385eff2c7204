package org.llmrerank.routing.onnx;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import java.nio.FloatBuffer;
import java.nio.LongBuffer;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import org.llmrerank.routing.tokenizer.Encoding;
import org.llmrerank.routing.tokenizer.PaddedBatch;

/**
 * Runs a BERT-class ONNX graph (inputs input_ids, attention_mask, token_type_ids as int64
 * [batch, seq]; output last_hidden_state [batch, seq, hidden]) with ONNX Runtime and pools
 * L2-normalised sentence embeddings.
 *
 * <p>Sequences are sorted by length and cut into batches padded to their own longest member, so a
 * batch of short passages does not pay for one long one. OrtSession.run is thread-safe, so one
 * encoder serves concurrent searches; each call has its own RunOptions so a caller can cancel it.
 */
public final class OnnxBertEncoder implements AutoCloseable {

    public static final int DEFAULT_BATCH_SIZE = 32;

    private final OrtEnvironment env;
    private final OrtSession session;
    private final Pooling pooling;
    private final int batchSize;
    private final boolean hasTypeIds;
    private final int padId;

    public OnnxBertEncoder(byte[] onnxModel, Pooling pooling, int padId, int intraOpThreads, int batchSize) throws OrtException {
        this.padId = padId;
        this.env = OrtEnvironment.getEnvironment();
        try (OrtSession.SessionOptions options = new OrtSession.SessionOptions()) {
            if (intraOpThreads > 0) {
                options.setIntraOpNumThreads(intraOpThreads);
            }
            options.setInterOpNumThreads(1);
            options.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.ALL_OPT);
            this.session = env.createSession(onnxModel, options);
        }
        this.pooling = pooling;
        this.batchSize = batchSize;
        this.hasTypeIds = session.getInputNames().contains("token_type_ids");
    }

    /** A handle to stop a running {@link #embed} from another thread (deadline passed). */
    public static final class Cancellation {
        private volatile OrtSession.RunOptions current;
        private volatile boolean cancelled;

        public void cancel() {
            cancelled = true;
            OrtSession.RunOptions r = current;
            if (r != null) {
                try {
                    r.setTerminate(true);
                } catch (OrtException ignored) {
                    // the run is finishing anyway
                }
            }
        }

        public boolean isCancelled() {
            return cancelled;
        }
    }

    /** L2-normalised embeddings, one per encoding, in input order. */
    public float[][] embed(List<Encoding> encodings, Cancellation cancellation) throws OrtException {
        int n = encodings.size();
        float[][] out = new float[n][];
        Integer[] order = new Integer[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        java.util.Arrays.sort(order, Comparator.comparingInt(i -> encodings.get(i).length()));
        for (int start = 0; start < n; start += batchSize) {
            if (cancellation != null && cancellation.isCancelled()) {
                throw new OrtException("cancelled");
            }
            int end = Math.min(n, start + batchSize);
            List<Encoding> batch = new ArrayList<>(end - start);
            for (int k = start; k < end; k++) {
                batch.add(encodings.get(order[k]));
            }
            float[][] pooled = runBatch(PaddedBatch.of(batch, padId), cancellation);
            for (int k = start; k < end; k++) {
                out[order[k]] = pooled[k - start];
            }
        }
        return out;
    }

    private float[][] runBatch(PaddedBatch b, Cancellation cancellation) throws OrtException {
        long[] shape = {b.rows(), b.columns()};
        try (OnnxTensor ids = OnnxTensor.createTensor(env, LongBuffer.wrap(b.inputIds()), shape);
             OnnxTensor mask = OnnxTensor.createTensor(env, LongBuffer.wrap(b.attentionMask()), shape);
             OnnxTensor types = OnnxTensor.createTensor(env, LongBuffer.wrap(b.typeIds()), shape);
             OrtSession.RunOptions runOptions = new OrtSession.RunOptions()) {
            Map<String, OnnxTensor> inputs = hasTypeIds
                ? Map.of("input_ids", ids, "attention_mask", mask, "token_type_ids", types)
                : Map.of("input_ids", ids, "attention_mask", mask);
            if (cancellation != null) {
                cancellation.current = runOptions;
            }
            try (OrtSession.Result result = session.run(inputs, runOptions)) {
                OnnxTensor hidden = (OnnxTensor) result.get(0);
                long[] hs = hidden.getInfo().getShape();
                int seq = (int) hs[1];
                int dim = (int) hs[2];
                FloatBuffer fb = hidden.getFloatBuffer();
                float[] all = new float[fb.remaining()];
                fb.get(all);
                return pool(all, b, seq, dim);
            } finally {
                if (cancellation != null) {
                    cancellation.current = null;
                }
            }
        }
    }

    /** Pools each row of last_hidden_state ([rows, seq, dim], row-major) and L2-normalises it. */
    float[][] pool(float[] hidden, PaddedBatch b, int seq, int dim) {
        float[][] out = new float[b.rows()][dim];
        for (int r = 0; r < b.rows(); r++) {
            float[] v = out[r];
            int base = r * seq * dim;
            if (pooling == Pooling.CLS) {
                System.arraycopy(hidden, base, v, 0, dim);
            } else {
                int count = 0;
                for (int t = 0; t < seq; t++) {
                    if (b.attentionMask()[r * b.columns() + t] == 0) {
                        continue;
                    }
                    count++;
                    int off = base + t * dim;
                    for (int d = 0; d < dim; d++) {
                        v[d] += hidden[off + d];
                    }
                }
                for (int d = 0; d < dim; d++) {
                    v[d] /= Math.max(1, count);
                }
            }
            normalise(v);
        }
        return out;
    }

    static void normalise(float[] v) {
        double sum = 0;
        for (float x : v) {
            sum += (double) x * x;
        }
        float inv = (float) (1.0 / Math.max(Math.sqrt(sum), 1e-12));
        for (int i = 0; i < v.length; i++) {
            v[i] *= inv;
        }
    }

    @Override
    public void close() throws OrtException {
        session.close();
    }
}
