package org.llmrerank.routing.runtime.llama;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.llmrerank.routing.runtime.FlopsCounter;
import org.llmrerank.routing.runtime.LayerPath;

/**
 * The DJL decoder runtime against the float64 reference on a STAND-IN Qwen2 checkpoint (random
 * weights, 3 layers, d = 48, GQA 4 query / 2 K/V heads, Q/K/V biases) written by the test:
 * logits at every prompt position along full, skipping and repeating paths; KV-cached decoding
 * against full recomputation; a left-padded batch with a different path per row against each row
 * alone.
 */
class StandInLlamaRuntimeTest {

    static final double TOLERANCE = 1e-4;
    static final List<LayerPath> PATHS = List.of(
            LayerPath.full(3), LayerPath.of(0, 2), LayerPath.of(0, 1, 1, 2), LayerPath.of(1, 1), LayerPath.of());

    @TempDir
    static Path tmp;
    static LlamaCheckpoint checkpoint;
    static DjlLlamaModel model;
    static ReferenceLlama reference;

    @BeforeAll
    static void load() throws IOException {
        checkpoint = LlamaCheckpoint.open(StandInLlama.write(tmp.resolve("qwen2"), StandInLlama.Shape.QWEN2, 7,
                StandInLlama.Layout.SINGLE_F32));
        model = DjlLlamaModel.load(checkpoint);
        reference = new ReferenceLlama(checkpoint);
    }

    @AfterAll
    static void close() {
        model.close();
    }

    static long[] randomIds(Random random, int length, int vocab) {
        long[] ids = new long[length];
        ids[0] = 1; // BOS
        for (int i = 1; i < length; i++) {
            ids[i] = 3 + random.nextInt(vocab - 3);
        }
        return ids;
    }

    /** The largest relative error any comparison in this class saw, printed for the record. */
    static double worst;

    @AfterAll
    static void report() {
        System.out.printf("stand-in qwen2 runtime vs float64 reference: max relative error %.3e%n", worst);
    }

    /** max |actual − expected| / max |expected|: scale-free, and fails on any single bad logit. */
    static double relativeError(float[] actual, double[] expected) {
        double e = distance(actual, expected);
        worst = Math.max(worst, e);
        return e;
    }

    /** {@link #relativeError} without recording it (for outputs that are meant to differ). */
    static double distance(float[] actual, double[] expected) {
        double diff = 0;
        double scale = 0;
        for (int i = 0; i < expected.length; i++) {
            diff = Math.max(diff, Math.abs(actual[i] - expected[i]));
            scale = Math.max(scale, Math.abs(expected[i]));
        }
        assertTrue(scale > 1e-3, "reference logits are degenerate (all ~0)");
        return diff / scale;
    }

    @Test
    void standInPromptLogitsMatchTheFloat64ReferenceOnEveryPath() {
        long[] prompt = randomIds(new Random(1), 23, checkpoint.config().vocab());
        for (LayerPath path : PATHS) {
            double[][] expected = reference.logits(prompt, path);
            try (LlamaSession s = model.prefill(List.of(prompt), List.of(path), new FlopsCounter())) {
                float[][] actual = s.promptLogits(0, 0, prompt.length);
                for (int t = 0; t < prompt.length; t++) {
                    double err = relativeError(actual[t], expected[t]);
                    assertTrue(err < TOLERANCE, "path " + path + " position " + t + ": relative error " + err);
                }
                double err = relativeError(s.lastLogits()[0], expected[prompt.length - 1]);
                assertTrue(err < TOLERANCE, "path " + path + " last logits: " + err);
            }
        }
    }

    @Test
    void standInPathsReallyDiffer() {
        // guards the test above: if skip/repeat were ignored, every path would give the same logits
        long[] prompt = randomIds(new Random(2), 9, checkpoint.config().vocab());
        double[] full = reference.logits(prompt, LayerPath.full(3))[8];
        double[] repeat = reference.logits(prompt, LayerPath.of(0, 1, 1, 2))[8];
        double[] skip = reference.logits(prompt, LayerPath.of(0, 2))[8];
        float[] fullF = toFloat(full);
        assertTrue(distance(fullF, repeat) > 1e-2, "repeat changes the output");
        assertTrue(distance(fullF, skip) > 1e-2, "skip changes the output");
    }

    @Test
    void standInKvCachedDecodingEqualsFullRecomputation() {
        long[] prompt = randomIds(new Random(3), 11, checkpoint.config().vocab());
        for (LayerPath path : List.of(LayerPath.full(3), LayerPath.of(0, 1, 1, 2), LayerPath.of(0, 0, 2))) {
            List<Long> sequence = new ArrayList<>();
            for (long id : prompt) {
                sequence.add(id);
            }
            try (LlamaSession s = model.prefill(List.of(prompt), List.of(path), new FlopsCounter())) {
                for (int step = 0; step < 6; step++) {
                    float[] cached = s.lastLogits()[0];
                    long[] all = sequence.stream().mapToLong(Long::longValue).toArray();
                    double[][] recomputed = reference.logits(all, path);
                    double err = relativeError(cached, recomputed[all.length - 1]);
                    assertTrue(err < TOLERANCE, "path " + path + " step " + step + ": relative error " + err);
                    long next = LlamaGenerator.argmax(cached);
                    sequence.add(next);
                    s.decode(new long[] {next});
                }
            }
        }
    }

    @Test
    void standInLeftPaddedBatchWithPerRowPathsEqualsEachRowAlone() {
        Random random = new Random(4);
        int vocab = checkpoint.config().vocab();
        List<long[]> prompts = List.of(randomIds(random, 5, vocab), randomIds(random, 17, vocab),
                randomIds(random, 12, vocab), randomIds(random, 17, vocab));
        List<LayerPath> paths = List.of(LayerPath.full(3), LayerPath.of(0, 1, 1, 2), LayerPath.of(2), LayerPath.of(0, 2, 2));
        long[][] tokens = new long[4][3];
        float[][][] batchedLogits = new float[4][][];
        try (LlamaSession s = model.prefill(prompts, paths, new FlopsCounter())) {
            for (int r = 0; r < 4; r++) {
                batchedLogits[r] = s.promptLogits(r, 0, prompts.get(r).length);
            }
            for (int step = 0; step < 3; step++) {
                float[][] last = s.lastLogits();
                long[] next = new long[4];
                for (int r = 0; r < 4; r++) {
                    next[r] = LlamaGenerator.argmax(last[r]);
                    tokens[r][step] = next[r];
                    // each row's step against the reference over its own unpadded sequence
                    long[] seq = concat(prompts.get(r), tokens[r], step);
                    double err = relativeError(last[r], reference.logits(seq, paths.get(r))[seq.length - 1]);
                    assertTrue(err < TOLERANCE, "row " + r + " step " + step + ": " + err);
                }
                s.decode(next);
            }
        }
        for (int r = 0; r < 4; r++) {
            try (LlamaSession alone = model.prefill(List.of(prompts.get(r)), List.of(paths.get(r)), new FlopsCounter())) {
                float[][] single = alone.promptLogits(0, 0, prompts.get(r).length);
                for (int t = 0; t < single.length; t++) {
                    double err = relativeError(batchedLogits[r][t], toDouble(single[t]));
                    assertTrue(err < TOLERANCE, "row " + r + " position " + t + " batched vs alone: " + err);
                }
            }
            List<long[]> generated = new LlamaGenerator(model).generate(List.of(prompts.get(r)), List.of(paths.get(r)),
                    3, new long[0], new FlopsCounter());
            assertArrayEquals(tokens[r], generated.get(0), "row " + r + " greedy tokens batched vs alone");
        }
    }

    @Test
    void standInPathsOutsideTheDrLlmFormAreRefused() {
        long[] prompt = {1, 5, 6};
        assertThrows(IllegalArgumentException.class,
                () -> model.prefill(List.of(prompt), List.of(LayerPath.of(2, 0)), new FlopsCounter()));
        assertThrows(IllegalArgumentException.class,
                () -> model.prefill(List.of(prompt), List.of(LayerPath.of(1, 1, 1)), new FlopsCounter()));
        assertThrows(IllegalArgumentException.class,
                () -> model.prefill(List.of(prompt), List.of(LayerPath.of(3)), new FlopsCounter()));
        assertThrows(IllegalArgumentException.class,
                () -> model.prefill(List.of(new long[] {1, 999}), new FlopsCounter()));
    }

    @Test
    void standInTiedLlamaAndBf16WeightsMatchTheReference() throws IOException {
        for (StandInLlama.Layout layout : List.of(StandInLlama.Layout.SINGLE_BF16, StandInLlama.Layout.SHARDED_F32)) {
            LlamaCheckpoint ck = LlamaCheckpoint.open(StandInLlama.write(tmp.resolve("llama-" + layout),
                    StandInLlama.Shape.LLAMA_TIED, 11, layout));
            assertEquals("llama", ck.config().modelType());
            assertTrue(ck.config().tieWordEmbeddings() && !ck.config().qkvBias());
            ReferenceLlama ref = new ReferenceLlama(ck);
            long[] prompt = randomIds(new Random(5), 14, ck.config().vocab());
            try (DjlLlamaModel m = DjlLlamaModel.load(ck);
                 LlamaSession s = m.prefill(List.of(prompt), new FlopsCounter())) {
                float[][] actual = s.promptLogits(0, 0, prompt.length);
                double[][] expected = ref.logits(prompt, LayerPath.full(2));
                for (int t = 0; t < prompt.length; t++) {
                    double err = relativeError(actual[t], expected[t]);
                    assertTrue(err < TOLERANCE, layout + " position " + t + ": " + err);
                }
            }
        }
    }

    private static long[] concat(long[] prompt, long[] generated, int count) {
        long[] out = new long[prompt.length + count];
        System.arraycopy(prompt, 0, out, 0, prompt.length);
        System.arraycopy(generated, 0, out, prompt.length, count);
        return out;
    }

    private static float[] toFloat(double[] d) {
        float[] f = new float[d.length];
        for (int i = 0; i < d.length; i++) {
            f[i] = (float) d[i];
        }
        return f;
    }

    private static double[] toDouble(float[] f) {
        double[] d = new double[f.length];
        for (int i = 0; i < f.length; i++) {
            d[i] = f[i];
        }
        return d;
    }
}
