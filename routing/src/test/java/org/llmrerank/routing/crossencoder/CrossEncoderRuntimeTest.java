package org.llmrerank.routing.crossencoder;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.llmrerank.estimator.HfConfig;
import org.llmrerank.routing.Cancellation;
import org.llmrerank.routing.ModelResource;
import org.llmrerank.routing.hf.CheckpointDirectory;
import org.llmrerank.routing.hf.SafetensorsCheckpoint;
import org.llmrerank.routing.onnx.EncoderOptions;
import org.llmrerank.estimator.FlopsEstimator;
import org.llmrerank.routing.runtime.LayerPath;
import org.llmrerank.routing.runtime.router.Decision;
import org.llmrerank.routing.runtime.router.LayerRouters;
import org.llmrerank.routing.runtime.router.Router;
import org.llmrerank.routing.tokenizer.Encoding;
import org.llmrerank.routing.tokenizer.PairTokenizer;

/**
 * Our runtime's cross-encoder against ONNX Runtime on the same weights: a stand-in checkpoint's safetensors on the
 * routed runtime, and an ONNX graph the test writes op by op from the very same tensors, run by ONNX Runtime. Both
 * families (BERT's WordPiece pair, XLM-RoBERTa's Unigram pair and shifted positions) and both head sizes.
 */
class CrossEncoderRuntimeTest {

    /** Pairs of several lengths, so batches mix lengths and padding is exercised on both engines. */
    private static final String[][] PAIRS = {
        {"the cat", "the cat eat fish"},
        {"how the fox grow", "a red fox in the forest and the quick brown fox jumps over the dog"},
        {"the cat", "stock markets fell today"},
        {"moon", "the sun and the moon at night"},
        {"fish", "recipe for a fish cake"},
        {"the dog", "foxes are small mammals"},
        {"cat", "cat"},
    };

    @TempDir
    Path tmp;

    @ParameterizedTest
    @CsvSource({"BERT, 1", "BERT, 2", "XLM_ROBERTA, 1", "XLM_ROBERTA, 2"})
    void routedRuntimeMatchesOnnxRuntimeOnTheSameWeightsAndCountsWhatItEstimates(CrossEncoderFamily family, int labels) throws Exception {
        Path dir = StandInCrossEncoder.write(tmp.resolve("stand-in"), family, labels, StandInCrossEncoder.WeightFiles.BOTH, 17);
        CrossEncoderShape shape = CrossEncoderShape.of(HfConfig.read(dir.resolve("config.json")));
        assertEquals(labels, shape.labels());
        try (PairTokenizer tokenizer = PairTokenizer.fromJson(Files.readAllBytes(dir.resolve("tokenizer.json")), 64);
             RoutedCrossEncoder routed = RoutedCrossEncoder.load(
                 CrossEncoderWeights.read(SafetensorsCheckpoint.open(CheckpointDirectory.of(dir)), shape),
                 LayerPath.full(shape.encoder().layers()), 3);
             OnnxCrossEncoder onnx = OnnxCrossEncoder.load(ModelResource.file(dir.resolve("model.onnx")), shape, new EncoderOptions(1, 3, false))) {
            List<Encoding> pairs = new ArrayList<>();
            for (String[] p : PAIRS) {
                pairs.add(tokenizer.encodePair(p[0], p[1]));
            }
            CrossEncoder.Scored ours = routed.score(pairs, new Cancellation());
            CrossEncoder.Scored reference = onnx.score(pairs, new Cancellation());

            // every logit within 1e-4 of the largest the reference gives (relative to the run's scale: a logit near zero
            // has no relative precision of its own)
            double scale = 0;
            for (float[] l : reference.logits()) {
                for (float v : l) {
                    scale = Math.max(scale, Math.abs(v));
                }
            }
            assertTrue(scale > 0.05, "the stand-in's logits are not all near zero: " + scale);
            for (int i = 0; i < pairs.size(); i++) {
                assertEquals(labels, ours.logits()[i].length);
                for (int k = 0; k < labels; k++) {
                    assertEquals(reference.logits()[i][k], ours.logits()[i][k], 1e-4 * scale, family + " pair " + i + " logit " + k);
                }
                assertEquals(reference.scores()[i], ours.scores()[i], 2e-4 * scale, family + " pair " + i);
            }

            // every pair is shorter than 100 tokens, so it is padded to its own length only: counted = estimated
            double estimated = 0;
            double onnxEstimated = 0;
            for (Encoding e : pairs) {
                estimated += routed.estimatedFlops(e.length());
                onnxEstimated += onnx.estimatedFlops(e.length());
            }
            assertEquals(estimated, ours.countedFlops(), 1e-9 * estimated);
            // ONNX Runtime pads each batch of 3 to its longest pair and runs every block over every position
            assertTrue(reference.countedFlops() > onnxEstimated, reference.countedFlops() + " vs " + onnxEstimated);
        }
    }

    @ParameterizedTest
    @CsvSource({"BERT, 1", "XLM_ROBERTA, 2"})
    void onnxRuntimeCountsTheWholeGraphAtEachBatchsPaddedLength(CrossEncoderFamily family, int labels) throws Exception {
        Path dir = StandInCrossEncoder.write(tmp.resolve("padded"), family, labels, StandInCrossEncoder.WeightFiles.ONNX, 3);
        CrossEncoderShape shape = CrossEncoderShape.of(HfConfig.read(dir.resolve("config.json")));
        try (PairTokenizer tokenizer = PairTokenizer.fromJson(Files.readAllBytes(dir.resolve("tokenizer.json")), 64);
             OnnxCrossEncoder onnx = OnnxCrossEncoder.load(ModelResource.file(dir.resolve("model.onnx")), shape, new EncoderOptions(1, 2, false))) {
            Encoding longest = tokenizer.encodePair("how the fox grow", "a red fox in the forest and the quick brown fox jumps over the dog");
            Encoding shortPair = tokenizer.encodePair("cat", "cat");
            Encoding middle = tokenizer.encodePair("moon", "the sun and the moon at night");
            assertTrue(shortPair.length() < middle.length() && middle.length() < longest.length());
            CrossEncoder.Scored run = onnx.score(List.of(shortPair, longest, middle), new Cancellation());

            // batches of 2, longest first: [longest, middle] padded to the longest, then [short] alone
            long d = shape.encoder().hidden();
            long ff = shape.encoder().intermediate();
            double expected = graph(shape.encoder().layers(), d, ff, labels, 2, longest.length())
                + graph(shape.encoder().layers(), d, ff, labels, 1, shortPair.length());
            assertEquals(expected, run.countedFlops(), 1e-9 * expected);
            assertEquals(2L * longest.length() + shortPair.length(), run.paddedTokens());

            double estimated = onnx.estimatedFlops(shortPair.length()) + onnx.estimatedFlops(longest.length())
                + onnx.estimatedFlops(middle.length());
            assertTrue(run.countedFlops() > estimated, "the middle pair's padding is counted: " + run.countedFlops() + " vs " + estimated);
            // the padding is the only difference: the middle pair counted at the longest's length
            double padding = onnx.estimatedFlops(longest.length()) - onnx.estimatedFlops(middle.length());
            assertEquals(estimated + padding, run.countedFlops(), 1e-9 * expected);
        }
    }

    /**
     * One run of a BERT-shaped sequence classifier over {@code rows} rows of {@code t} positions, written out: per
     * block Q, K, V and output projections (4·d·d weights), the FFN (2·d·ff) at 2 FLOPs per weight per position, and
     * QKᵀ and A·V (2·t·t·d each per row); then the head's d·d and d·labels on each row's first token.
     */
    private static double graph(int layers, long d, long ff, int labels, long rows, long t) {
        double block = 2.0 * rows * t * (4 * d * d + 2 * d * ff) + 2 * 2.0 * rows * t * t * d;
        return layers * block + 2.0 * rows * (d * d + d * labels);
    }

    @ParameterizedTest
    @CsvSource({"BERT", "XLM_ROBERTA"})
    void aShorterPathRunsFewerBlocksAndScoresDifferently(CrossEncoderFamily family) throws Exception {
        Path dir = StandInCrossEncoder.write(tmp.resolve("path"), family, 1, StandInCrossEncoder.WeightFiles.SAFETENSORS, 5);
        CrossEncoderShape shape = CrossEncoderShape.of(HfConfig.read(dir.resolve("config.json")));
        CrossEncoderWeights weights = CrossEncoderWeights.read(SafetensorsCheckpoint.open(CheckpointDirectory.of(dir)), shape);
        try (PairTokenizer tokenizer = PairTokenizer.fromJson(Files.readAllBytes(dir.resolve("tokenizer.json")), 64);
             RoutedCrossEncoder full = RoutedCrossEncoder.load(weights, LayerPath.full(2), 4);
             RoutedCrossEncoder skip = RoutedCrossEncoder.load(weights, LayerPath.of(0), 4)) {
            List<Encoding> pairs = List.of(tokenizer.encodePair("the cat", "the cat eat fish"));
            CrossEncoder.Scored a = full.score(pairs, new Cancellation());
            CrossEncoder.Scored b = skip.score(pairs, new Cancellation());
            assertNotEquals(a.scores()[0], b.scores()[0]);
            assertTrue(b.countedFlops() < a.countedFlops());
            assertEquals(skip.estimatedFlops(pairs.get(0).length()), b.countedFlops(), 1e-9 * b.countedFlops());
        }
    }

    @ParameterizedTest
    @CsvSource({"BERT", "XLM_ROBERTA"})
    void routersChooseEachPairsBlocks(CrossEncoderFamily family) throws Exception {
        Path dir = StandInCrossEncoder.write(tmp.resolve("routers"), family, 2, StandInCrossEncoder.WeightFiles.SAFETENSORS, 9);
        CrossEncoderShape shape = CrossEncoderShape.of(HfConfig.read(dir.resolve("config.json")));
        CrossEncoderWeights weights = CrossEncoderWeights.read(SafetensorsCheckpoint.open(CheckpointDirectory.of(dir)), shape);
        int d = shape.encoder().hidden();
        // routers that always execute block 0 and skip block 1: the fixed path [0]
        LayerRouters routers = new LayerRouters(List.of(fixed(d, Decision.EXECUTE), fixed(d, Decision.SKIP)));
        try (PairTokenizer tokenizer = PairTokenizer.fromJson(Files.readAllBytes(dir.resolve("tokenizer.json")), 64);
             RoutedCrossEncoder encoder = RoutedCrossEncoder.load(weights, LayerPath.full(2), 4);
             RoutedCrossEncoder firstBlock = RoutedCrossEncoder.load(weights, LayerPath.of(0), 4)) {
            List<Encoding> pairs = List.of(tokenizer.encodePair("the cat", "the cat eat fish"), tokenizer.encodePair("moon", "the sun"));
            RoutedCrossEncoder.RoutedScores routed = encoder.scoreWithRouters(pairs, routers, LayerRouters.PLAIN, new Cancellation());
            CrossEncoder.Scored fixedPath = firstBlock.score(pairs, new Cancellation());
            assertEquals(List.of(LayerPath.of(0), LayerPath.of(0)), routed.paths());
            for (int i = 0; i < pairs.size(); i++) {
                assertArrayEquals(fixedPath.logits()[i], routed.scored().logits()[i], 1e-5f);
            }
            double expected = 0;
            for (Encoding e : pairs) {
                expected += FlopsEstimator.routed(shape.architecture("m"), List.of(0), e.length(), 0)
                    + FlopsEstimator.classificationHead(shape.architecture("m"), 2);
            }
            assertEquals(expected, routed.scored().countedFlops(), 1e-9 * expected);
        }
    }

    /** A router whose decision is {@code decision} whatever it reads: zero weights, the bias on that class. */
    private static Router fixed(int d, Decision decision) {
        int h = 4;
        float[] b2 = new float[Router.CLASSES];
        b2[decision.ordinal()] = 20f;
        return new Router(d, h, new float[d * h], new float[h], new float[Router.CLASSES * h], b2);
    }

    @ParameterizedTest
    @CsvSource({"BERT", "XLM_ROBERTA"})
    void pairsCarryTheFamilysSpecialTokensAndTypesAndAreCutLongestFirst(CrossEncoderFamily family) throws Exception {
        int w = StandInCrossEncoder.specials(family).size(); // id of the first word
        int the = w + StandInCrossEncoder.WORDS.indexOf("the");
        int cat = w + StandInCrossEncoder.WORDS.indexOf("cat");
        int a = w + StandInCrossEncoder.WORDS.indexOf("a");
        int fish = w + StandInCrossEncoder.WORDS.indexOf("fish");
        int eat = w + StandInCrossEncoder.WORDS.indexOf("eat");
        try (PairTokenizer t = PairTokenizer.fromJson(StandInCrossEncoder.tokenizerJson(family).getBytes(), 64);
             PairTokenizer shortPairs = PairTokenizer.fromJson(StandInCrossEncoder.tokenizerJson(family).getBytes(), 8)) {
            Encoding e = t.encodePair("The cat", "a fish");
            Encoding cut = shortPairs.encodePair("the cat", "a fish eat fish eat fish");
            if (family == CrossEncoderFamily.BERT) {
                // [CLS]=2 the cat [SEP]=3 a fish [SEP]; the passage is type 1; lower-cased by the normalizer
                assertArrayEquals(new int[] {2, the, cat, 3, a, fish, 3}, e.ids());
                assertArrayEquals(new int[] {0, 0, 0, 0, 1, 1, 1}, e.typeIds());
                // 8 tokens: 3 specials, the query's 2, the passage's first 3
                assertArrayEquals(new int[] {2, the, cat, 3, a, fish, eat, 3}, cut.ids());
            } else {
                // <s>=0 the cat </s>=2 </s> a fish </s>; one segment type; "The" is not in the (cased) vocabulary: <unk>=3
                assertArrayEquals(new int[] {0, 3, cat, 2, 2, a, fish, 2}, e.ids());
                assertArrayEquals(new int[8], e.typeIds());
                // 8 tokens: 4 specials, the query's 2, the passage's first 2
                assertArrayEquals(new int[] {0, the, cat, 2, 2, a, fish, 2}, cut.ids());
            }
            assertEquals(2, t.count("the cat"));
        }
    }
}
