package org.llmrerank.routing.runtime;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.llmrerank.estimator.QueryCandidates;
import org.llmrerank.routing.BundledModel;
import org.llmrerank.routing.Cancellation;
import org.llmrerank.routing.onnx.EncoderException;
import org.llmrerank.routing.onnx.EncoderOptions;
import org.llmrerank.routing.onnx.LayeredOnnxEncoder;
import org.llmrerank.routing.onnx.OnnxBertEncoder;
import org.llmrerank.routing.runtime.router.LayerRouters;
import org.llmrerank.routing.runtime.router.RoutedRunner;
import org.llmrerank.routing.tokenizer.Encoding;
import org.llmrerank.routing.tokenizer.WordPieceTokenizer;

/**
 * A bundled int8 model on ONNX Runtime in one session (what the model runs as by default) against the same graph cut
 * into per-layer sessions ({@link LayeredOnnxEncoder}) along every layer, and, given routers, with the routers choosing
 * each text's path. The same texts and tokens, batches of one (the int8 graphs quantise activations per call), the
 * engines alternated within each repetition so load drift hits all; medians and ratios come from one run. Times on a
 * shared CPU are only comparable within the run.
 */
public final class LayeredEngineBench {

    /**
     * Medians over the repetitions, in seconds for all texts; the routed figures are zero without routers.
     *
     * @param countedFlops   what the layered full path counts for the texts
     * @param estimatedFlops the estimator's figure for the same texts and path
     * @param routedCounted  what the routed runs count
     * @param routedLayers   layer applications per text under the routers, on average
     */
    public record Report(int texts, long tokens, int threads, int reps, double whole, double layered, double routed,
                         double countedFlops, double estimatedFlops, double routedCounted, double routedEstimated, double routedLayers) {}

    private LayeredEngineBench() {}

    /**
     * @param data    passages to sample, round-robin over the queries (rank 1 of every query, then rank 2, ...)
     * @param texts   passages timed
     * @param routers routers for the routed runs, or empty to time the two full-depth engines only
     */
    public static Report run(BundledModel model, List<QueryCandidates> data, int texts, int reps, int threads,
                             Optional<LayerRouters> routers, double knob) throws IOException, EncoderException {
        WordPieceTokenizer tokenizer;
        try (InputStream json = model.tokenizer().open()) {
            tokenizer = WordPieceTokenizer.fromJson(json, 512);
        }
        List<Encoding> sample = sample(data, tokenizer, model, texts);
        long tokens = sample.stream().mapToLong(Encoding::length).sum();
        EncoderOptions options = new EncoderOptions(threads, 1, false);
        LayerPath full = LayerPath.full(model.architecture().nLayer());
        long[] whole = new long[reps];
        long[] layered = new long[reps];
        long[] routed = new long[reps];
        try (OnnxBertEncoder one = OnnxBertEncoder.load(model.onnxModel(), model.pooling(), options, tokenizer.padId());
             LayeredOnnxEncoder cut = LayeredOnnxEncoder.load(model.onnxModel(), model.architecture(), model.pooling(), options,
                 tokenizer.padId())) {
            // warm-up: first calls allocate arenas and pick kernels
            one.embed(sample);
            EncodedBatch warm = cut.embed(sample, full, new Cancellation());
            double estimated = 0;
            for (Encoding e : sample) {
                estimated += cut.estimatedFlops(full.layers(), e.length());
            }
            double[] routedFigures = routers.isPresent() ? routeAll(cut, sample, routers.get(), knob) : new double[3];
            for (int r = 0; r < reps; r++) {
                long t0 = System.nanoTime();
                one.embed(sample);
                long t1 = System.nanoTime();
                cut.embed(sample, full, new Cancellation());
                long t2 = System.nanoTime();
                if (routers.isPresent()) {
                    routeAll(cut, sample, routers.get(), knob);
                }
                long t3 = System.nanoTime();
                whole[r] = t1 - t0;
                layered[r] = t2 - t1;
                routed[r] = t3 - t2;
            }
            return new Report(sample.size(), tokens, threads, reps, median(whole) / 1e9, median(layered) / 1e9,
                routers.isPresent() ? median(routed) / 1e9 : 0, warm.countedFlops(), estimated, routedFigures[0], routedFigures[1],
                routedFigures[2] / sample.size());
        }
    }

    /** Every text through the routers: {counted FLOPs, estimated FLOPs of the paths taken, layer applications}. */
    private static double[] routeAll(LayeredOnnxEncoder cut, List<Encoding> sample, LayerRouters routers, double knob)
        throws EncoderException {
        double counted = 0;
        double estimated = 0;
        double applications = 0;
        for (Encoding e : sample) {
            RoutedRunner.Result t = cut.embed(e, routers, knob, new Cancellation());
            counted += t.countedFlops();
            estimated += cut.estimatedFlops(t.path().layers(), t.tokens());
            applications += t.path().applications();
        }
        return new double[] {counted, estimated, applications};
    }

    /** Passages round-robin over the queries (rank 1 of every query, then rank 2, ...). */
    static List<Encoding> sample(List<QueryCandidates> queries, WordPieceTokenizer tok, BundledModel m, int n) {
        List<Encoding> out = new ArrayList<>();
        for (int rank = 0; out.size() < n; rank++) {
            boolean any = false;
            for (QueryCandidates q : queries) {
                if (out.size() < n && rank < q.candidates().size()) {
                    out.add(tok.encode(m.passagePrefix() + q.candidates().get(rank).content()));
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
