package org.llmrerank.routing.runtime.llama;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.llmrerank.estimator.Architecture;
import org.llmrerank.estimator.FlopsEstimator;
import org.llmrerank.estimator.HfConfig;
import org.llmrerank.routing.runtime.FlopsCounter;
import org.llmrerank.routing.runtime.LayerPath;

/**
 * The DJL decoder runtime against the float64 reference on STAND-IN Qwen3, Gemma and Gemma 2
 * checkpoints (random weights written by the test, 3 layers, d = 48, head dim 16 so the attention
 * width 64 is not d): prompt logits along full, skipping and repeating paths; KV-cached decoding
 * against recomputation; a left-padded batch against each row's own sequence; counted FLOPs
 * against the estimator reading the same config.json. The Gemma 2 stand-in slides layers 0 and 2
 * over a 6-token window and the prompts are longer than that, so the window is exercised, in the
 * cache and under padding too.
 */
class StandInDecoderFamiliesTest {

    static final double TOLERANCE = 1e-4;

    @TempDir
    static Path tmp;

    /** Largest relative error seen per family, printed for the record. */
    static final Map<String, Double> WORST = new TreeMap<>();

    @AfterAll
    static void report() {
        WORST.forEach((family, e) -> System.out.printf("stand-in %s runtime vs float64 reference: max relative error %.3e%n",
                family, e));
    }

    static StandInLlama.Shape shape(String family) {
        return switch (family) {
            case "qwen3" -> StandInLlama.Shape.QWEN3;
            case "gemma" -> StandInLlama.Shape.GEMMA;
            case "gemma2" -> StandInLlama.Shape.GEMMA2;
            default -> throw new IllegalArgumentException(family);
        };
    }

    static LlamaCheckpoint write(String family, String dir) throws IOException {
        return LlamaCheckpoint.open(StandInLlama.write(tmp.resolve(dir), shape(family), 17, StandInLlama.Layout.SINGLE_F32));
    }

    private static double check(String family, float[] actual, double[] expected, String what) {
        double e = StandInLlamaRuntimeTest.distance(actual, expected);
        WORST.merge(family, e, Math::max);
        assertTrue(e < TOLERANCE, family + " " + what + ": relative error " + e);
        return e;
    }

    @ParameterizedTest
    @ValueSource(strings = {"qwen3", "gemma", "gemma2"})
    void standInConfigIsReadAsTheFamily(String family) throws IOException {
        LlamaConfig c = write(family, family + "-config").config();
        LlamaConfig.Variant v = c.variant();
        assertEquals(family, c.modelType());
        assertEquals(16, c.headDim());
        assertEquals(family.equals("qwen3"), v.qkNorm());
        assertEquals(family.startsWith("gemma"), v.normPlusOne());
        assertEquals(family.startsWith("gemma") ? Math.sqrt(48) : 1, v.embeddingScale());
        assertEquals(family.startsWith("gemma") ? LlamaConfig.Activation.GELU_TANH : LlamaConfig.Activation.SILU,
                v.activation());
        assertEquals(family.equals("gemma2"), v.sandwichNorms());
        assertEquals(family.equals("gemma2") ? 6 : 0, v.slidingWindow());
        if (family.equals("gemma2")) {
            assertTrue(v.sliding(0) && !v.sliding(1) && v.sliding(2), "even layers slide");
            assertEquals(1.5, v.attentionSoftcap());
            assertEquals(3.0, v.finalSoftcap());
            assertEquals(24, v.queryPreAttnScalar());
        } else {
            assertNull(v.slidingLayers());
        }
        assertEquals(!family.equals("qwen3"), c.tieWordEmbeddings());
    }

    @ParameterizedTest
    @ValueSource(strings = {"qwen3", "gemma", "gemma2"})
    void standInPromptLogitsMatchTheFloat64ReferenceOnEveryPath(String family) throws IOException {
        LlamaCheckpoint ck = write(family, family + "-prompt");
        ReferenceLlama reference = new ReferenceLlama(ck);
        long[] prompt = StandInLlamaRuntimeTest.randomIds(new Random(1), 23, ck.config().vocab());
        try (DjlLlamaModel model = DjlLlamaModel.load(ck)) {
            for (LayerPath path : StandInLlamaRuntimeTest.PATHS) {
                double[][] expected = reference.logits(prompt, path);
                try (LlamaSession s = model.prefill(List.of(prompt), List.of(path), new FlopsCounter())) {
                    float[][] actual = s.promptLogits(0, 0, prompt.length);
                    for (int t = 0; t < prompt.length; t++) {
                        check(family, actual[t], expected[t], "path " + path + " position " + t);
                    }
                    check(family, s.lastLogits()[0], expected[prompt.length - 1], "path " + path + " last");
                }
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"qwen3", "gemma", "gemma2"})
    void standInKvCachedDecodingEqualsRecomputationAndBatchesEqualRowsAlone(String family) throws IOException {
        LlamaCheckpoint ck = write(family, family + "-decode");
        ReferenceLlama reference = new ReferenceLlama(ck);
        int vocab = ck.config().vocab();
        Random random = new Random(4);
        List<long[]> prompts = List.of(StandInLlamaRuntimeTest.randomIds(random, 4, vocab),
                StandInLlamaRuntimeTest.randomIds(random, 17, vocab), StandInLlamaRuntimeTest.randomIds(random, 9, vocab));
        List<LayerPath> paths = List.of(LayerPath.full(3), LayerPath.of(0, 1, 1, 2), LayerPath.of(0, 2, 2));
        List<List<Long>> sequences = new ArrayList<>();
        for (long[] p : prompts) {
            List<Long> seq = new ArrayList<>();
            for (long id : p) {
                seq.add(id);
            }
            sequences.add(seq);
        }
        try (DjlLlamaModel model = DjlLlamaModel.load(ck);
             LlamaSession s = model.prefill(prompts, paths, new FlopsCounter())) {
            for (int r = 0; r < prompts.size(); r++) {
                float[][] batched = s.promptLogits(r, 0, prompts.get(r).length);
                double[][] expected = reference.logits(prompts.get(r), paths.get(r));
                for (int t = 0; t < batched.length; t++) {
                    check(family, batched[t], expected[t], "padded row " + r + " position " + t);
                }
            }
            // 6 steps take the shortest row (4 tokens) past the 6-token window inside the cache
            for (int step = 0; step < 6; step++) {
                float[][] last = s.lastLogits();
                long[] next = new long[prompts.size()];
                for (int r = 0; r < prompts.size(); r++) {
                    long[] all = sequences.get(r).stream().mapToLong(Long::longValue).toArray();
                    check(family, last[r], reference.logits(all, paths.get(r))[all.length - 1], "row " + r + " step " + step);
                    next[r] = LlamaGenerator.argmax(last[r]);
                    sequences.get(r).add(next[r]);
                }
                s.decode(next);
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"qwen3", "gemma", "gemma2"})
    void standInCountedFlopsEqualTheEstimator(String family) throws IOException {
        LlamaCheckpoint ck = write(family, family + "-flops");
        Architecture arch = HfConfig.read(ck.directory().resolve("config.json")).architecture();
        assertEquals(ck.config().architecture(), arch);
        assertEquals(64, arch.dAttn(), "heads x head_dim, not hidden");
        long[] prompt = StandInLlamaRuntimeTest.randomIds(new Random(1), 30, arch.vocab());
        try (DjlLlamaModel model = DjlLlamaModel.load(ck)) {
            for (LayerPath path : List.of(LayerPath.full(3), LayerPath.of(0, 2), LayerPath.of(0, 1, 1, 2))) {
                for (int steps : new int[] {0, 4}) {
                    FlopsCounter counter = new FlopsCounter();
                    try (LlamaSession s = model.prefill(List.of(prompt), List.of(path), counter)) {
                        for (int i = 0; i < steps; i++) {
                            s.decode(new long[] {7});
                        }
                    }
                    double estimate = FlopsEstimator.routed(arch, path.layers(), prompt.length, steps);
                    // the runtime's decode step also attends to the token itself (see StandInLlamaFlopsTest)
                    double ownKey = path.applications() * 4.0 * arch.dAttn() * arch.kvFraction() * steps;
                    assertEquals(1.0, counter.paperTotal() / (estimate + ownKey), 1e-12, family + " " + path + " " + steps);
                    double matmuls = path.applications() * 2 * FlopsEstimator.decoderLayerParams(arch) * (prompt.length + steps);
                    assertEquals(1.0, counter.matmulFlops() / matmuls, 1e-12, family + " matmul term " + path);
                }
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"gemma2"})
    void standInGemma2FeaturesChangeTheOutput(String family) throws IOException {
        // guards the comparisons above: a window, cap or scalar the runtime ignored would show here
        LlamaCheckpoint ck = write(family, family + "-features");
        long[] prompt = StandInLlamaRuntimeTest.randomIds(new Random(2), 14, ck.config().vocab());
        double[][] base = new ReferenceLlama(ck).logits(prompt, LayerPath.full(3));
        for (String[] change : new String[][] {{"sliding_window", "4096"}, {"attn_logit_softcapping", "null"},
                {"final_logit_softcapping", "null"}, {"query_pre_attn_scalar", "16"}}) {
            Path dir = tmp.resolve(family + "-" + change[0]);
            StandInLlama.write(dir, shape(family), 17, StandInLlama.Layout.SINGLE_F32);
            ObjectMapper mapper = new ObjectMapper();
            ObjectNode config = (ObjectNode) mapper.readTree(Files.readString(dir.resolve("config.json")));
            config.set(change[0], mapper.readTree(change[1]));
            Files.writeString(dir.resolve("config.json"), mapper.writeValueAsString(config));
            double[][] changed = new ReferenceLlama(LlamaCheckpoint.open(dir)).logits(prompt, LayerPath.full(3));
            double lastDiff = StandInLlamaRuntimeTest.distance(toFloat(changed[13]), base[13]);
            assertTrue(lastDiff > 1e-3, change[0] + " changes the last position: " + lastDiff);
            if (change[0].equals("sliding_window")) {
                // positions inside the window see the same keys either way
                assertArrayEquals(base[5], changed[5], 1e-12);
            }
        }
    }

    private static float[] toFloat(double[] d) {
        float[] f = new float[d.length];
        for (int i = 0; i < d.length; i++) {
            f[i] = (float) d[i];
        }
        return f;
    }
}
