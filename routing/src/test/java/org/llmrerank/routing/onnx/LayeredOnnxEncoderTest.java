package org.llmrerank.routing.onnx;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.llmrerank.estimator.Architecture;
import org.llmrerank.estimator.FlopsEstimator;
import org.llmrerank.estimator.QueryCandidates;
import org.llmrerank.routing.BundledModel;
import org.llmrerank.routing.Cancellation;
import org.llmrerank.routing.Dl19;
import org.llmrerank.routing.runtime.EncodedBatch;
import org.llmrerank.routing.runtime.LayerPath;
import org.llmrerank.routing.runtime.RoutedBertEncoder;
import org.llmrerank.routing.runtime.RoutedBiEncoder;
import org.llmrerank.routing.runtime.RoutedBundledModel;
import org.llmrerank.routing.runtime.router.LayerRouters;
import org.llmrerank.routing.runtime.router.RoutedRunner;
import org.llmrerank.routing.runtime.router.training.Reward;
import org.llmrerank.routing.runtime.router.training.RouterSupervision;
import org.llmrerank.routing.tokenizer.Encoding;
import org.llmrerank.routing.tokenizer.WordPieceTokenizer;

/**
 * The bundled int8 bge-small cut into per-layer sessions, against ONNX Runtime running the whole graph in one session
 * (full path) and against the fp32 weights on the DJL runtime (skipped and repeated paths), on DL19 passages and
 * queries.
 */
class LayeredOnnxEncoderTest {

    private static final BundledModel MODEL = BundledModel.BGE_SMALL;
    private static final int SAMPLE = 24;
    /** Batches of one: the int8 graph quantises activations per tensor, so batch-mates would move every row. */
    private static final EncoderOptions OPTIONS = new EncoderOptions(2, 1, false);

    private static WordPieceTokenizer tokenizer;
    private static LayeredOnnxEncoder layered;
    private static OnnxBertEncoder whole;
    private static List<Encoding> sample;

    @BeforeAll
    static void load() throws Exception {
        try (var json = MODEL.tokenizer().open()) {
            tokenizer = WordPieceTokenizer.fromJson(json, 512);
        }
        layered = LayeredOnnxEncoder.load(MODEL.onnxModel(), MODEL.architecture(), MODEL.pooling(), OPTIONS, tokenizer.padId());
        whole = OnnxBertEncoder.load(MODEL.onnxModel(), MODEL.pooling(), OPTIONS, tokenizer.padId());
        List<Dl19.Query> queries = Dl19.bm25Top100();
        List<Encoding> inputs = new ArrayList<>();
        for (int rank = 0; inputs.size() < SAMPLE; rank++) {
            for (Dl19.Query q : queries) {
                if (inputs.size() < SAMPLE) {
                    inputs.add(tokenizer.encode(MODEL.passagePrefix() + q.hits().get(rank).content()));
                }
            }
        }
        queries.subList(0, 8).forEach(q -> inputs.add(tokenizer.encode(MODEL.queryPrefix() + q.text())));
        sample = List.copyOf(inputs);
    }

    @AfterAll
    static void close() {
        if (layered != null) {
            layered.close();
        }
        if (whole != null) {
            whole.close();
        }
    }

    /**
     * The chain of cut sessions along every layer computes what the whole graph computes: the same nodes on the same
     * tensors with the same kernels, only run by more sessions (measured: bit for bit equal). Mean pooling reads every
     * position of the last layer. The bound leaves room for ONNX Runtime fusing float ops differently across a session
     * boundary, which could flip a rounding through a dynamic quantisation step (one 8-bit step is 1/255 of a
     * tensor's range, about 1e-3 of an embedding when it happens); a wrong wiring (a layer skipped, the mask dropped)
     * moves an embedding by 0.1 or more.
     */
    @Test
    void theFullPathEqualsTheWholeGraph() throws Exception {
        try (LayeredOnnxEncoder cut = LayeredOnnxEncoder.load(MODEL.onnxModel(), MODEL.architecture(), Pooling.MEAN, OPTIONS,
                 tokenizer.padId());
             OnnxBertEncoder one = OnnxBertEncoder.load(MODEL.onnxModel(), Pooling.MEAN, OPTIONS, tokenizer.padId())) {
            EncodedBatch chained = cut.embed(sample, LayerPath.full(12), new Cancellation());
            float[][] reference = one.embed(sample);
            double worst = 0;
            for (int i = 0; i < sample.size(); i++) {
                assertEquals(1.0, norm(chained.embeddings()[i]), 1e-5, "unit length, not zeros");
                worst = Math.max(worst, relativeError(chained.embeddings()[i], reference[i]));
            }
            assertTrue(worst < 3e-3, "worst relative L2 error " + worst);
        }
    }

    /**
     * Under CLS pooling the last layer runs for the first position only. The query there sees the values of the whole
     * layer; the attention output and the FFN input are quantised over that one row instead of all rows, a finer
     * rounding: measured against the whole graph at most 0.008 relative L2 here. The bound 0.03 holds that and fails a
     * last layer that reads the wrong position or skips attention (0.3 and more).
     */
    @Test
    void theFirstPositionLastLayerKeepsTheClsEmbedding() throws Exception {
        EncodedBatch chained = layered.embed(sample, LayerPath.full(12), new Cancellation());
        float[][] reference = whole.embed(sample);
        double worst = 0;
        for (int i = 0; i < sample.size(); i++) {
            assertEquals(1.0, norm(chained.embeddings()[i]), 1e-5, "unit length, not zeros");
            worst = Math.max(worst, relativeError(chained.embeddings()[i], reference[i]));
        }
        assertTrue(worst < 0.03, "worst relative L2 error " + worst);
    }

    /** Counted per executed layer from the graphs' own weights, the count equals the estimator's at the real length. */
    @Test
    void countedFlopsAreTheEstimateOfThePathTaken() throws Exception {
        Architecture arch = MODEL.architecture();
        for (LayerPath path : List.of(LayerPath.full(12), LayerPath.of(0, 1, 1, 2, 5, 11), LayerPath.of())) {
            EncodedBatch run = layered.embed(sample, path, new Cancellation());
            double estimated = 0;
            for (Encoding e : sample) {
                // the last layer reads the first position under CLS pooling
                estimated += FlopsEstimator.routedFirstTokenRead(arch, path.layers(), e.length());
            }
            assertEquals(estimated, run.countedFlops(), 1e-9 * Math.max(estimated, 1), "path " + path);
            assertEquals(path, run.path());
        }
        assertTrue(layered.embed(sample, LayerPath.of(3), new Cancellation()).countedFlops() > 0);
    }

    /**
     * A path of several spans runs each run of consecutive layers in one call, the full path one call from the token ids;
     * without spans the same path runs layer by layer. Both are the same nodes on the same tensors, so they agree as the full path agrees with
     * the whole graph (see above for the bound), and count the same FLOPs. Paths with a skip, a repeat, a lone layer and
     * the full path without the first-position last layer (as router training compares paths).
     */
    @Test
    void spansComputeWhatTheirLayersComputeOneByOne() throws Exception {
        try (LayeredOnnxEncoder oneByOne = LayeredOnnxEncoder.load(MODEL.onnxModel(), MODEL.architecture(), MODEL.pooling(),
                 OPTIONS, tokenizer.padId(), false)) {
            List<LayerPath> paths = List.of(LayerPath.of(0, 1, 2, 3, 4, 7, 8, 9, 10, 11), LayerPath.of(0, 1, 1, 2, 3, 5, 6),
                LayerPath.of(2, 3, 4, 5, 6, 7, 8, 9, 10, 11), LayerPath.full(12));
            for (LayerPath path : paths) {
                EncodedBatch spans = layered.embed(sample, path, new Cancellation());
                EncodedBatch layers = oneByOne.embed(sample, path, new Cancellation());
                assertEquals(layers.countedFlops(), spans.countedFlops(), 1e-9 * layers.countedFlops(), "path " + path);
                for (int i = 0; i < sample.size(); i++) {
                    assertEquals(1.0, norm(spans.embeddings()[i]), 1e-5, "unit length, not zeros");
                    double error = relativeError(spans.embeddings()[i], layers.embeddings()[i]);
                    assertTrue(error < 3e-3, "path " + path + ", text " + i + ": " + error);
                }
            }
            RoutedRunner.Result spanned = layered.texts().run(sample.get(0), LayerPath.full(12));
            RoutedRunner.Result single = oneByOne.texts().run(sample.get(0), LayerPath.full(12));
            assertTrue(relativeError(spanned.embedding(), single.embedding()) < 3e-3);
            assertEquals(single.countedFlops(), spanned.countedFlops(), 1e-9 * single.countedFlops());
        }
    }

    /**
     * What the sessions hold is reported as it grows: at load the layers, their first-position forms and the full path
     * hold more than one copy of the graph's weights; a span opened by a new path adds its layers' graph.
     */
    @Test
    void theBytesHeldGrowWithTheSpansOpened() throws Exception {
        try (LayeredOnnxEncoder fresh = LayeredOnnxEncoder.load(MODEL.onnxModel(), MODEL.architecture(), MODEL.pooling(), OPTIONS,
                 tokenizer.padId())) {
            long loaded = fresh.graphBytes();
            assertTrue(loaded > 2 * MODEL.onnxModel().size(), loaded + " bytes held for a graph of " + MODEL.onnxModel().size());
            fresh.embed(sample.subList(0, 1), LayerPath.of(0, 1, 2, 3, 4, 5), new Cancellation());
            long added = fresh.graphBytes() - loaded;
            // six of twelve layers, without the word embeddings: more than nothing, less than the whole graph
            assertTrue(added > 0 && added < MODEL.onnxModel().size(), "a six-layer span adds " + added);
            fresh.embed(sample.subList(0, 1), LayerPath.of(0, 1, 2, 3, 4, 5), new Cancellation());
            assertEquals(loaded + added, fresh.graphBytes(), "the same path reuses its span");
        }
    }

    /**
     * A skipped and repeated path against the fp32 weights on the DJL runtime along the same path. The int8 graph is
     * another model (weights rounded to 8 bits, activations quantised per call), so the two differ on every path;
     * measured on the full path here 0.06-0.09 relative L2, and 0.05-0.06 on this path. The bound 0.15 accepts that
     * gap with room; the path itself moves an embedding by 0.7 (the int8 short path against the fp32 full path), so a
     * path not taken as asked fails.
     */
    @Test
    void skippedAndRepeatedLayersFollowTheFp32ReferenceOfThatPath() throws Exception {
        LayerPath path = LayerPath.of(0, 1, 2, 2, 4, 6, 8, 10);
        List<Encoding> texts = sample.subList(0, 8);
        try (RoutedBiEncoder fp32 = RoutedBundledModel.BGE_SMALL.load(512, 1)) {
            RoutedBertEncoder reference = fp32.encoder();
            float[][] oursPath = layered.embed(texts, path, new Cancellation()).embeddings();
            float[][] refPath = reference.embed(texts, path, new Cancellation()).embeddings();
            float[][] refFull = reference.embed(texts, LayerPath.full(12), new Cancellation()).embeddings();
            for (int i = 0; i < texts.size(); i++) {
                double samePath = relativeError(oursPath[i], refPath[i]);
                double otherPath = relativeError(oursPath[i], refFull[i]);
                assertTrue(samePath < 0.15, "text " + i + ": " + samePath + " from the fp32 path");
                assertTrue(otherPath > samePath, "text " + i + ": nearer the full path (" + otherPath + ") than its own (" + samePath + ")");
            }
        }
    }

    /** Routers decide per text; the path they chose is what ran and what was counted. */
    @Test
    void routersChooseEachTextsPath() throws Exception {
        LayerRouters routers = LayerRouters.xavier(12, 384, 16, 7);
        Architecture arch = MODEL.architecture();
        boolean anyShortened = false;
        for (Encoding text : sample.subList(0, 6)) {
            RoutedRunner.Result routed = layered.embed(text, routers, -1.0, new Cancellation());
            // knob -1: every layer skipped, the embedding layer's output pooled
            assertEquals(LayerPath.of(), routed.path());
            assertEquals(1.0, norm(routed.embedding()), 1e-5);
            RoutedRunner.Result plain = layered.embed(text, routers, LayerRouters.PLAIN, new Cancellation());
            assertEquals(FlopsEstimator.routed(arch, plain.path().layers(), text.length(), 0), plain.countedFlops(),
                1e-9 * Math.max(1, plain.countedFlops()));
            // the fixed path runs its last layer for the first position, the routed run in full: measured 0.004-0.010 apart
            float[] alongPath = layered.embed(List.of(text), plain.path(), new Cancellation()).embeddings()[0];
            assertTrue(relativeError(plain.embedding(), alongPath) < 0.03, "the routed run is the run of its path");
            anyShortened |= plain.path().applications() != 12;
        }
        assertTrue(anyShortened, "untrained routers of this seed skip or repeat layers for some of these texts");
    }

    /**
     * Router supervision on this engine: the path search embeds along its paths here (no shared prefixes) and the
     * teacher-forced router inputs are this engine's hidden states, one window set per layer.
     */
    @Test
    void routerSupervisionRunsOnTheLayeredEngine() throws Exception {
        List<Dl19.Query> queries = Dl19.bm25Top100();
        Dl19.Query q = queries.get(0);
        List<QueryCandidates.Candidate> hits = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            hits.add(new QueryCandidates.Candidate("d" + i, 6 - i, q.hits().get(i).content()));
        }
        Reward always = (query, order, scores) -> new Reward.Acceptance() {
            public boolean accepts(List<Integer> ranking) {
                return true;
            }

            public String describe() {
                return "always";
            }
        };
        try (LayeredBiEncoder encoder = new LayeredBiEncoder(tokenizer, LayeredOnnxEncoder.load(MODEL.onnxModel(), MODEL.architecture(),
                 MODEL.pooling(), OPTIONS, tokenizer.padId()), MODEL.queryPrefix(), MODEL.passagePrefix())) {
            RouterSupervision supervision = new RouterSupervision(encoder, 3, 1, line -> { }, System.nanoTime());
            assertEquals(12, supervision.layers());
            RouterSupervision.Result r = supervision.perRequest(List.of(new QueryCandidates(q.qid(), q.text(), hits)), always, 4);
            assertEquals(1, r.examples().size());
            assertTrue(r.pathLength() < 12, "every path earns a reward: the search returns a shorter one");
            assertEquals(12, r.examples().get(0).inputs().length);
            assertEquals(384, r.examples().get(0).inputs()[0][0].length);
        }
    }

    @Test
    void aCancelledRequestStopsBeforeTheNextLayer() {
        Cancellation cancellation = new Cancellation();
        cancellation.cancel();
        assertThrows(EncoderCancelledException.class, () -> layered.embed(sample, LayerPath.full(12), cancellation));
    }

    @Test
    void aClosedEncoderRefuses() throws Exception {
        LayeredOnnxEncoder other = LayeredOnnxEncoder.load(MODEL.onnxModel(), MODEL.architecture(), MODEL.pooling(), OPTIONS,
            tokenizer.padId());
        other.close();
        other.close();
        assertThrows(EncoderException.class, () -> other.embed(sample, LayerPath.full(12), new Cancellation()));
    }

    @Test
    void theOtherBundledGraphCutsToo() throws Exception {
        BundledModel minilm = BundledModel.ALL_MINILM_L6_V2;
        WordPieceTokenizer tok;
        try (var json = minilm.tokenizer().open()) {
            tok = WordPieceTokenizer.fromJson(json, 512);
        }
        List<Encoding> texts = List.of(tok.encode("how long is life cycle of flea"),
            tok.encode("The life cycle of a flea can last anywhere from 20 days to an entire year."));
        try (LayeredOnnxEncoder cut = LayeredOnnxEncoder.load(minilm.onnxModel(), minilm.architecture(), minilm.pooling(), OPTIONS,
                 tok.padId());
             OnnxBertEncoder one = OnnxBertEncoder.load(minilm.onnxModel(), minilm.pooling(), OPTIONS, tok.padId())) {
            float[][] a = cut.embed(texts, LayerPath.full(6), new Cancellation()).embeddings();
            float[][] b = one.embed(texts);
            for (int i = 0; i < texts.size(); i++) {
                assertTrue(relativeError(a[i], b[i]) < 3e-3, "text " + i + ": " + relativeError(a[i], b[i]));
            }
        }
    }

    static double relativeError(float[] a, float[] b) {
        double diff = 0;
        double ref = 0;
        for (int i = 0; i < a.length; i++) {
            diff += (a[i] - b[i]) * (double) (a[i] - b[i]);
            ref += b[i] * (double) b[i];
        }
        return Math.sqrt(diff / ref);
    }

    private static double norm(float[] v) {
        double s = 0;
        for (float x : v) {
            s += x * (double) x;
        }
        return Math.sqrt(s);
    }
}
