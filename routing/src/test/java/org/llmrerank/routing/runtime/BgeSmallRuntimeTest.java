package org.llmrerank.routing.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.llmrerank.estimator.Architecture;
import org.llmrerank.estimator.FlopsEstimator;
import org.llmrerank.routing.Cancellation;
import org.llmrerank.routing.Dl19;
import org.llmrerank.routing.onnx.EncoderOptions;
import org.llmrerank.routing.onnx.OnnxBertEncoder;
import org.llmrerank.routing.tokenizer.Encoding;

/**
 * The real model: bge-small-en-v1.5 fp32 in our runtime (weights read from the ONNX initializers)
 * against ONNX Runtime executing the same ONNX file, on DL19 passages and queries.
 */
class BgeSmallRuntimeTest {

    private static final RoutedBundledModel MODEL = RoutedBundledModel.BGE_SMALL;
    private static final int SAMPLE = 200;

    private static RoutedBiEncoder routed;
    private static OnnxBertEncoder ort;
    private static List<Encoding> sample;

    @BeforeAll
    static void load() throws Exception {
        routed = MODEL.load(512, 16);
        ort = OnnxBertEncoder.load(MODEL.onnxModel(), MODEL.mirrors().pooling(), new EncoderOptions(2, 1, false),
                MODEL.loadTokenizer(512).padId());
        // the first passages of every query, round-robin, plus every query with its instruction prefix
        List<Dl19.Query> queries = Dl19.bm25Top100();
        List<Encoding> inputs = new ArrayList<>();
        for (int rank = 0; inputs.size() < SAMPLE; rank++) {
            for (Dl19.Query q : queries) {
                if (inputs.size() < SAMPLE) {
                    inputs.add(routed.encodePassage(q.hits().get(rank).content()));
                }
            }
        }
        queries.forEach(q -> inputs.add(routed.encodeQuery(q.text())));
        sample = List.copyOf(inputs);
    }

    @AfterAll
    static void close() {
        if (routed != null) {
            routed.close();
        }
        if (ort != null) {
            ort.close();
        }
    }

    @Test
    void readsTheBgeShapeFromTheGraph() {
        BertConfig c = routed.encoder().config();
        assertEquals(new BertConfig(12, 384, 12, 1536, 30522, 512, 2, 1e-12f), c);
        assertEquals(MODEL.mirrors().architecture().withFfnMatrices(2), c.architecture(MODEL.mirrors().architecture().name()));
    }

    /**
     * The shared-prefix ablation (forks) against plain runs along each leave-one-out path: forking must not change
     * what a path computes. Uses 16 texts of the sample, a mix of lengths.
     */
    @Test
    void leaveOneLayerOutEqualsRunningEachShortenedPath() throws Exception {
        List<Encoding> texts = sample.subList(0, 16);
        LeaveOneLayerOut.Embeddings forked = LeaveOneLayerOut.embed(routed.encoder(), texts);
        EncodedBatch full = routed.encoder().embed(texts, LayerPath.full(12), new Cancellation());
        assertTrue(forked.counted() > full.countedFlops(), "the ablation runs every block in full, the encoder reads the last at CLS");
        double worst = 0;
        for (int i = 0; i < texts.size(); i++) {
            worst = Math.max(worst, relativeError(forked.full()[i], full.embeddings()[i]));
        }
        for (int l : new int[] {0, 11}) {
            List<Integer> kept = new ArrayList<>();
            for (int m = 0; m < 12; m++) {
                if (m != l) {
                    kept.add(m);
                }
            }
            EncodedBatch shortened = routed.encoder().embed(texts, new LayerPath(kept), new Cancellation());
            double moved = 0;
            for (int i = 0; i < texts.size(); i++) {
                worst = Math.max(worst, relativeError(forked.without()[l][i], shortened.embeddings()[i]));
                moved = Math.max(moved, relativeError(forked.without()[l][i], full.embeddings()[i]));
            }
            assertTrue(moved > 1e-3, "leaving layer " + l + " out must change the embeddings, moved only " + moved);
        }
        assertTrue(worst < 1e-5, "forked paths differ from plain runs by " + worst);
    }

    /**
     * Prefix sharing (a trie of forked passes, as train-routers' path search uses it) against plain runs of each path:
     * the same embeddings, and exactly one block per distinct prefix and one last block per path and batch; with room
     * for 3 states it still computes every path right.
     */
    @Test
    void prefixSharingEqualsPlainRunsAndRunsEachPrefixOnce() throws Exception {
        List<Encoding> texts = sample.subList(0, 12);
        List<Integer> full = LayerPath.full(12).layers();
        List<LayerPath> paths = List.of(LayerPath.full(12), without(full, 5), without(without(full, 5).layers(), 9),
                LayerPath.of(0, 1, 2, 3, 3, 4, 5, 6, 7, 8, 9, 10, 11), without(full, 11), LayerPath.full(12),
                LayerPath.of(0, 1, 2));
        java.util.Set<List<Integer>> prefixes = new java.util.HashSet<>();
        paths.forEach(p -> {
            for (int k = 1; k < p.layers().size(); k++) {
                prefixes.add(p.layers().subList(0, k));
            }
        });
        int batches = routed.encoder().batches(texts).size();
        double worst = 0;
        try (PrefixSharingEmbedder shared = new PrefixSharingEmbedder(routed.encoder(), texts, 10_000);
             PrefixSharingEmbedder capped = new PrefixSharingEmbedder(routed.encoder(), texts, 3)) {
            for (LayerPath p : paths) {
                float[][] expected = routed.encoder().embed(texts, p, new Cancellation()).embeddings();
                float[][] a = shared.embed(p);
                float[][] b = capped.embed(p);
                for (int i = 0; i < texts.size(); i++) {
                    worst = Math.max(worst, Math.max(relativeError(a[i], expected[i]), relativeError(b[i], expected[i])));
                }
            }
            assertEquals((long) batches * (prefixes.size() + paths.size()), shared.blocksRun());
            assertEquals(3, capped.states());
            long plain = (long) batches * paths.stream().mapToInt(LayerPath::applications).sum();
            System.out.printf("prefix sharing: %d of %d block runs over %d paths and %d batches%n", shared.blocksRun(),
                    plain, paths.size(), batches);
        }
        assertTrue(worst < 1e-5, "prefix-shared paths differ from plain runs by " + worst);
    }

    private static LayerPath without(List<Integer> layers, int layer) {
        List<Integer> kept = new ArrayList<>(layers);
        kept.remove(Integer.valueOf(layer));
        return new LayerPath(kept);
    }

    /** Batched (16, padded) on our side, batch size 1 on ORT's: also shows padding is masked out. */
    @Test
    void embeddingsMatchOnnxRuntimeOnDl19() throws Exception {
        float[][] expected = ort.embed(sample);
        EncodedBatch actual = routed.encoder().embed(sample, LayerPath.full(12), new Cancellation());
        double worst = 0;
        double sum = 0;
        for (int i = 0; i < sample.size(); i++) {
            double e = relativeError(actual.embeddings()[i], expected[i]);
            worst = Math.max(worst, e);
            sum += e;
        }
        System.out.printf("bge-small fp32, %d DL19 texts: relative L2 error vs ONNX Runtime: max %.2e, mean %.2e%n",
                sample.size(), worst, sum / sample.size());
        assertTrue(worst <= 1e-4, "worst relative error " + worst);
    }

    /** Batch size 1 (no padding): counted equals the estimator at each text's real token count. */
    @Test
    void countedFlopsMatchTheEstimatorOnRealPassages() throws Exception {
        Architecture arch = routed.encoder().config().architecture("bge-small-en-v1.5");
        List<Encoding> few = sample.subList(0, 12);
        LayerPath routedPath = LayerPath.of(0, 1, 2, 3, 3, 4, 6, 7, 8, 9, 11); // 5 and 10 skipped, 3 repeated
        try (RoutedBertEncoder single = new RoutedBertEncoder(DjlBertModel.load(MODEL.loadWeights()),
                MODEL.mirrors().pooling(), 0, 1)) {
            for (LayerPath path : List.of(LayerPath.full(12), routedPath)) {
                EncodedBatch run = single.embed(few, path, new Cancellation());
                double estimated = 0;
                for (Encoding e : few) {
                    estimated += FlopsEstimator.routedFirstTokenRead(arch, path.layers(), e.length());
                }
                System.out.printf("bge-small path %s: counted %.6e FLOPs, estimated %.6e (%+.4f%%)%n", path,
                        run.countedFlops(), estimated, 100 * (run.countedFlops() - estimated) / estimated);
                assertEquals(path, run.path());
                assertTrue(Math.abs(run.countedFlops() - estimated) <= 1e-9 * estimated,
                        "counted " + run.countedFlops() + " vs estimated " + estimated);
            }
        }
    }

    /**
     * The shipped configuration batches (16 here) but bounds padding to {@link RoutedBundledModel#MAX_PADDING} of a
     * sequence's length, so what the engine executes stays within 2% of the estimate at the real token counts,
     * while most sequences still share a batch.
     */
    @Test
    void boundedPaddingKeepsCountedFlopsWithinTwoPercentOfTheEstimate() throws Exception {
        Architecture arch = routed.encoder().config().architecture("bge-small-en-v1.5");
        EncodedBatch run = routed.encoder().embed(sample, LayerPath.full(12), new Cancellation());
        double estimated = 0;
        long tokens = 0;
        for (Encoding e : sample) {
            estimated += FlopsEstimator.routedFirstTokenRead(arch, LayerPath.full(12).layers(), e.length());
            tokens += e.length();
        }
        System.out.printf("bge-small %d texts, batch 16, padding <= %.0f%%: counted/estimated %.4f, padded/real tokens %.4f%n",
                sample.size(), 100 * RoutedBundledModel.MAX_PADDING, run.countedFlops() / estimated, (double) run.paddedTokens() / tokens);
        assertTrue(run.countedFlops() >= estimated && run.countedFlops() <= 1.02 * estimated,
                "counted " + run.countedFlops() + " vs estimated " + estimated);
        assertTrue(run.paddedTokens() > tokens, "some batch must hold sequences of different lengths");
    }

    /** The ladder of padded widths: equal lengths only below 100 tokens, then at most 1% of padding, capped at 512. */
    @Test
    void paddedWidthDependsOnTheLengthAloneAndStaysWithinOnePercent() {
        RoutedBertEncoder e = routed.encoder();
        assertEquals(99, e.paddedLength(99));
        assertEquals(101, e.paddedLength(100));
        assertEquals(101, e.paddedLength(101));
        assertEquals(103, e.paddedLength(102));
        for (int len = 1; len <= 512; len++) {
            int w = e.paddedLength(len);
            assertTrue(w >= len && w <= 512 && w - len <= RoutedBundledModel.MAX_PADDING * len, len + " -> " + w);
        }
    }

    /**
     * Continuous batching: three requests in one engine run give each request the embeddings and exactly the counted
     * FLOPs and padded tokens it gets alone. The requests hold rows of different lengths that share a padded width
     * (so they share batches across requests), which a "pad to the batch's longest" rule would charge differently.
     */
    @Test
    void groupedRequestsGetWhatTheyGetAlone() throws Exception {
        RoutedBertEncoder e = routed.encoder();
        List<Encoding> longOnes = sample.stream().filter(x -> x.length() >= 100 && x.length() < 140).toList();
        List<List<Encoding>> requests = List.of(new ArrayList<>(), new ArrayList<>(), new ArrayList<>());
        for (int i = 0; i < longOnes.size(); i++) {
            requests.get(i % 3).add(longOnes.get(i));
        }
        for (int i = 0; i < 30; i++) {
            requests.get(i % 3).add(sample.get(i));
        }
        boolean sharedWidth = false;
        for (Encoding a : requests.get(0)) {
            for (Encoding b : requests.get(1)) {
                sharedWidth |= a.length() != b.length() && e.paddedLength(a.length()) == e.paddedLength(b.length());
            }
        }
        assertTrue(sharedWidth, "the sample must hold rows of different lengths and one padded width in different requests");
        List<EncodedBatch> grouped = e.embedGroups(requests, LayerPath.full(12), new Cancellation());
        for (int g = 0; g < 3; g++) {
            EncodedBatch alone = e.embed(requests.get(g), LayerPath.full(12), new Cancellation());
            assertEquals(alone.countedFlops(), grouped.get(g).countedFlops(), "request " + g + " counted FLOPs");
            assertEquals(alone.paddedTokens(), grouped.get(g).paddedTokens(), "request " + g + " padded tokens");
            for (int i = 0; i < requests.get(g).size(); i++) {
                double err = relativeError(grouped.get(g).embeddings()[i], alone.embeddings()[i]);
                assertTrue(err <= 1e-5, "request " + g + " row " + i + ": relative error " + err);
            }
        }
    }

    /**
     * Speed against ONNX Runtime on the same fp32 file, texts and batch size (32, length-sorted),
     * alternating engines, median of 3 after a warm-up of each. A measurement, not a correctness
     * check, so it runs only when asked: {@code -Drouting.bench=true}.
     */
    @Test
    @org.junit.jupiter.api.condition.EnabledIfSystemProperty(named = "routing.bench", matches = "true")
    void speedAgainstOnnxRuntimeOnTheSameBatches() throws Exception {
        try (OnnxBertEncoder ortBatched = OnnxBertEncoder.load(MODEL.onnxModel(), MODEL.mirrors().pooling(),
                new EncoderOptions(2, 32, false), MODEL.loadTokenizer(512).padId());
             RoutedBertEncoder ours = new RoutedBertEncoder(DjlBertModel.load(MODEL.loadWeights()),
                     MODEL.mirrors().pooling(), MODEL.loadTokenizer(512).padId(), 32)) {
            ortBatched.embed(sample);
            ours.embed(sample, LayerPath.full(12), new Cancellation());
            long[] ortNanos = new long[3];
            long[] ourNanos = new long[3];
            for (int rep = 0; rep < 3; rep++) {
                long t0 = System.nanoTime();
                ortBatched.embed(sample);
                long t1 = System.nanoTime();
                ours.embed(sample, LayerPath.full(12), new Cancellation());
                long t2 = System.nanoTime();
                ortNanos[rep] = t1 - t0;
                ourNanos[rep] = t2 - t1;
            }
            java.util.Arrays.sort(ortNanos);
            java.util.Arrays.sort(ourNanos);
            System.out.printf("bge-small fp32, %d texts, batch 32, 2 threads: ONNX Runtime %.2f s, DJL runtime %.2f s,"
                    + " ratio ours/ORT %.2f%n", sample.size(), ortNanos[1] / 1e9, ourNanos[1] / 1e9,
                    (double) ourNanos[1] / ortNanos[1]);
        }
    }

    private static double relativeError(float[] actual, float[] expected) {
        double diff = 0;
        double norm = 0;
        for (int k = 0; k < expected.length; k++) {
            double e = (double) actual[k] - expected[k];
            diff += e * e;
            norm += (double) expected[k] * expected[k];
        }
        return Math.sqrt(diff / norm);
    }
}
