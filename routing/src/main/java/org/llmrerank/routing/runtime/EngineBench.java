package org.llmrerank.routing.runtime;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.llmrerank.estimator.QueryCandidates;
import org.llmrerank.routing.BundledModel;
import org.llmrerank.routing.Cancellation;
import org.llmrerank.routing.onnx.EncoderException;
import org.llmrerank.routing.onnx.EncoderOptions;
import org.llmrerank.routing.onnx.OnnxBertEncoder;
import org.llmrerank.routing.tokenizer.Encoding;
import org.llmrerank.routing.tokenizer.WordPieceTokenizer;

/**
 * Our runtime (DJL PyTorch, fp32, the routed model) against ONNX Runtime on the same fp32 weights, the same texts,
 * tokens and batch size, engines alternated within each repetition so load drift hits both; the median per engine and
 * their ratio come from one run. ONNX Runtime int8 (the bundled model the routed one mirrors, batch 1: its graph
 * quantises activations per batch) is timed beside them for context; our runtime has no int8 path, so there is no
 * int8 ratio. Times on a shared CPU are only comparable within the run.
 */
public final class EngineBench {

    /**
     * Medians over the repetitions, in seconds for all texts.
     *
     * @param oursPlainBatches      our runtime batched as ONNX Runtime batches (plain batches, padded)
     * @param plainCountedToBounded what those plain batches count against our bounded-padding batches
     * @param countedFlops          what our runtime counts for one pass over the texts
     */
    public record Report(int texts, long tokens, int batch, int threads, int reps, double ortFp32, double ours, double oursPlainBatches,
                         double plainCountedToBounded, double ortInt8, double countedFlops) {}

    private EngineBench() {}

    /**
     * @param data passages to sample, round-robin over the queries (rank 1 of every query, then rank 2, ...)
     * @param texts passages timed
     */
    public static Report run(RoutedBundledModel model, List<QueryCandidates> data, int texts, int batch, int reps, int threads)
        throws IOException, EncoderException {
        WordPieceTokenizer tokenizer = model.loadTokenizer(512);
        List<Encoding> sample = sample(data, tokenizer, model, texts);
        long tokens = sample.stream().mapToLong(Encoding::length).sum();
        long[] ortFp32 = new long[reps];
        long[] ours = new long[reps];
        long[] oursPlain = new long[reps];
        long[] ortInt8 = new long[reps];
        double counted;
        double plainCountedToBounded;
        BundledModel int8 = model.mirrors();
        LayerPath full = LayerPath.full(int8.architecture().nLayer());
        List<Encoding> int8Sample = sample; // same tokenizer files: the int8 and fp32 jars ship the same vocabulary
        try (OnnxBertEncoder ort = OnnxBertEncoder.load(model.onnxModel(), int8.pooling(), new EncoderOptions(threads, batch, false),
                 tokenizer.padId());
             OnnxBertEncoder ort8 = OnnxBertEncoder.load(int8.onnxModel(), int8.pooling(), new EncoderOptions(threads, 1, false),
                 tokenizer.padId());
             DjlBertModel weights = DjlBertModel.load(model.loadWeights());
             RoutedBertEncoder djl = new RoutedBertEncoder(weights, int8.pooling(), tokenizer.padId(), batch, RoutedBundledModel.MAX_PADDING)) {
            // the same weights batched as ONNX Runtime batches (plain batches of `batch`, padded): faster per token on this
            // engine, but padding is executed work the estimate at real token counts leaves out
            RoutedBertEncoder plain = new RoutedBertEncoder(weights, int8.pooling(), tokenizer.padId(), batch);
            double plainCounted = plain.embed(sample, full, new Cancellation()).countedFlops();
            // warm-up: first calls allocate arenas and pick kernels
            ort.embed(sample);
            EncodedBatch warm = djl.embed(sample, full, new Cancellation());
            counted = warm.countedFlops();
            ort8.embed(int8Sample);
            for (int r = 0; r < reps; r++) {
                long t0 = System.nanoTime();
                ort.embed(sample);
                long t1 = System.nanoTime();
                djl.embed(sample, full, new Cancellation());
                long t2 = System.nanoTime();
                ort8.embed(int8Sample);
                long t3 = System.nanoTime();
                ortFp32[r] = t1 - t0;
                ours[r] = t2 - t1;
                ortInt8[r] = t3 - t2;
                plain.embed(sample, full, new Cancellation());
                oursPlain[r] = System.nanoTime() - t3;
            }
            plainCountedToBounded = plainCounted / counted;
        }
        return new Report(sample.size(), tokens, batch, threads, reps, median(ortFp32) / 1e9, median(ours) / 1e9, median(oursPlain) / 1e9,
            plainCountedToBounded, median(ortInt8) / 1e9, counted);
    }

    /** Passages round-robin over the queries (rank 1 of every query, then rank 2, ...). */
    static List<Encoding> sample(List<QueryCandidates> queries, WordPieceTokenizer tok, RoutedBundledModel m, int n) {
        List<Encoding> out = new ArrayList<>();
        for (int rank = 0; out.size() < n; rank++) {
            boolean any = false;
            for (QueryCandidates q : queries) {
                if (out.size() < n && rank < q.candidates().size()) {
                    out.add(tok.encode(m.mirrors().passagePrefix() + q.candidates().get(rank).content()));
                    any = true;
                }
            }
            if (!any) {
                break;
            }
        }
        return out;
    }

    private static double median(long[] v) {
        long[] c = v.clone();
        Arrays.sort(c);
        return c[c.length / 2];
    }
}
