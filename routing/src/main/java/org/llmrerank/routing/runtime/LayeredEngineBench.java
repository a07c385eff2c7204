package org.llmrerank.routing.runtime;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.llmrerank.estimator.FlopsEstimator;
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
 * A bundled int8 model on ONNX Runtime in one session against the same graph on the layered runtime
 * ({@link LayeredOnnxEncoder}) along every layer, and, given routers, with the routers choosing
 * the paths as the rescorer runs them: routers of scope REQUEST route each query and its passages follow its path,
 * routers of scope SEQUENCE route every text. The same requests (DL19 queries, each with some of its passages), texts
 * and tokens, batches of one (the int8 graphs quantise activations per call), the engines taking turns request by
 * request so load drift hits all; medians and ratios come from one run. Times on a shared CPU are only comparable
 * within the run.
 */
public final class LayeredEngineBench {

    /**
     * Medians over the repetitions, in seconds for all texts; the routed figures are zero without routers.
     *
     * @param texts          queries and passages embedded per repetition
     * @param countedFlops   what the layered full path counts for the texts
     * @param estimatedFlops the estimator's figure for the same texts and path
     * @param routedCounted  what the routed runs count
     * @param routedEstimated the estimator's figure for the paths the routers chose
     * @param routedLayers   layer applications per text under the routers, on average
     */
    public record Report(int texts, long tokens, int threads, int reps, double whole, double layered, double routed,
                         double countedFlops, double estimatedFlops, double routedCounted, double routedEstimated, double routedLayers) {}

    /** One query and the passages sampled for it. */
    record Request(Encoding query, List<Encoding> passages) {
        List<Encoding> all() {
            List<Encoding> out = new ArrayList<>(passages.size() + 1);
            out.add(query);
            out.addAll(passages);
            return out;
        }
    }

    private LayeredEngineBench() {}

    /**
     * @param data     queries and their passages; passages are sampled round-robin (rank 1 of every query, then rank 2, ...)
     * @param passages passages timed, over all queries
     * @param routers  routers for the routed runs, or empty to time the two full-depth engines only
     */
    public static Report run(BundledModel model, List<QueryCandidates> data, int passages, int reps, int threads,
                             Optional<LayerRouters> routers, double knob) throws IOException, EncoderException {
        WordPieceTokenizer tokenizer;
        try (InputStream json = model.tokenizer().open()) {
            tokenizer = WordPieceTokenizer.fromJson(json, 512);
        }
        List<Request> requests = sample(data, tokenizer, model, passages);
        int texts = requests.stream().mapToInt(r -> 1 + r.passages().size()).sum();
        long tokens = requests.stream().flatMap(r -> r.all().stream()).mapToLong(Encoding::length).sum();
        EncoderOptions options = new EncoderOptions(threads, 1, false);
        LayerPath full = LayerPath.full(model.architecture().nLayer());
        long[] whole = new long[reps];
        long[] layered = new long[reps];
        long[] routed = new long[reps];
        try (OnnxBertEncoder one = OnnxBertEncoder.load(model.onnxModel(), model.pooling(), options, tokenizer.padId());
             LayeredOnnxEncoder cut = LayeredOnnxEncoder.load(model.onnxModel(), model.architecture(), model.pooling(), options,
                 tokenizer.padId())) {
            // warm-up: first calls allocate arenas and pick kernels
            double counted = 0;
            double estimated = 0;
            for (Request r : requests) {
                one.embed(r.all());
                counted += cut.embed(r.all(), full, new Cancellation()).countedFlops();
                for (Encoding e : r.all()) {
                    estimated += cut.estimatedFlops(full.layers(), e.length());
                }
            }
            double[] routedFigures = routers.isPresent() ? routeAll(cut, requests, routers.get(), knob) : new double[3];
            int engines = routers.isPresent() ? 3 : 2;
            for (int rep = 0; rep < reps; rep++) {
                long[] elapsed = new long[3];
                for (int i = 0; i < requests.size(); i++) {
                    Request r = requests.get(i);
                    // the engines take turns request by request, which one goes first rotating: a drift in the
                    // machine's speed (a shared CPU's) then falls on all of them alike
                    for (int k = 0; k < engines; k++) {
                        int engine = (i + k) % engines;
                        long t = System.nanoTime();
                        switch (engine) {
                            case 0 -> one.embed(r.all());
                            case 1 -> cut.embed(r.all(), full, new Cancellation());
                            default -> routeAll(cut, List.of(r), routers.get(), knob);
                        }
                        elapsed[engine] += System.nanoTime() - t;
                    }
                }
                whole[rep] = elapsed[0];
                layered[rep] = elapsed[1];
                routed[rep] = elapsed[2];
            }
            return new Report(texts, tokens, threads, reps, median(whole) / 1e9, median(layered) / 1e9,
                routers.isPresent() ? median(routed) / 1e9 : 0, counted, estimated, routedFigures[0], routedFigures[1],
                routedFigures[2] / texts);
        }
    }

    /**
     * Every request through the routers, as the rescorer runs them: {counted FLOPs, estimated FLOPs of the paths taken,
     * layer applications}. A routed text runs every layer in full ({@code FlopsEstimator.routed}); passages that follow
     * a query's path run it as a fixed path.
     */
    private static double[] routeAll(LayeredOnnxEncoder cut, List<Request> requests, LayerRouters routers, double knob)
        throws EncoderException {
        double counted = 0;
        double estimated = 0;
        double applications = 0;
        for (Request r : requests) {
            if (routers.scope() == LayerRouters.Scope.REQUEST) {
                RoutedRunner.Result q = cut.embed(r.query(), routers, knob, new Cancellation());
                EncodedBatch p = cut.embed(r.passages(), q.path(), new Cancellation());
                counted += q.countedFlops() + p.countedFlops();
                estimated += FlopsEstimator.routed(cut.architecture(), q.path().layers(), q.tokens(), 0);
                for (Encoding e : r.passages()) {
                    estimated += cut.estimatedFlops(q.path().layers(), e.length());
                }
                applications += (1 + r.passages().size()) * q.path().applications();
            } else {
                for (Encoding e : r.all()) {
                    RoutedRunner.Result t = cut.embed(e, routers, knob, new Cancellation());
                    counted += t.countedFlops();
                    estimated += FlopsEstimator.routed(cut.architecture(), t.path().layers(), t.tokens(), 0);
                    applications += t.path().applications();
                }
            }
        }
        return new double[] {counted, estimated, applications};
    }

    /** Each query with its passages, taken round-robin over the queries (rank 1 of every query, then rank 2, ...). */
    static List<Request> sample(List<QueryCandidates> queries, WordPieceTokenizer tok, BundledModel m, int n) {
        List<List<Encoding>> passages = new ArrayList<>();
        queries.forEach(q -> passages.add(new ArrayList<>()));
        int taken = 0;
        for (int rank = 0; taken < n; rank++) {
            boolean any = false;
            for (int i = 0; i < queries.size(); i++) {
                QueryCandidates q = queries.get(i);
                if (taken < n && rank < q.candidates().size()) {
                    passages.get(i).add(tok.encode(m.passagePrefix() + q.candidates().get(rank).content()));
                    taken++;
                    any = true;
                }
            }
            if (!any) {
                break;
            }
        }
        List<Request> out = new ArrayList<>();
        for (int i = 0; i < queries.size(); i++) {
            if (!passages.get(i).isEmpty()) {
                out.add(new Request(tok.encode(m.queryPrefix() + queries.get(i).query()), List.copyOf(passages.get(i))));
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
