package org.llmrerank.routing.runtime.t5;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.llmrerank.estimator.Architecture;
import org.llmrerank.estimator.FlopsEstimator;
import org.llmrerank.routing.runtime.FlopsCounter;
import org.llmrerank.routing.runtime.llama.LlamaGenerator;

/**
 * The DJL T5 runtime against the float64 reference on STAND-IN checkpoints written by the test
 * (random weights; Flan-style gated-GELU with d_attn ≠ d_model and an untied head, and original
 * ReLU with the tied, rescaled head): a right-padded batch with a forced decoder prefix, then
 * KV-cached greedy steps against full recomputation, and counted FLOPs against the estimator.
 */
class StandInT5RuntimeTest {

    private static final double TOLERANCE = 1e-4;

    @TempDir
    Path tmp;

    private static long[] randomIds(Random r, int length, int vocab) {
        long[] ids = new long[length];
        for (int i = 0; i < length - 1; i++) {
            ids[i] = 3 + r.nextInt(vocab - 3);
        }
        ids[length - 1] = 1; // </s>
        return ids;
    }

    private static double worst;

    @org.junit.jupiter.api.AfterAll
    static void report() {
        System.out.printf("stand-in T5 runtime vs float64 reference: max relative error %.3e%n", worst);
    }

    private static double relativeError(float[] actual, double[] expected) {
        double diff = 0;
        double scale = 0;
        for (int i = 0; i < expected.length; i++) {
            diff = Math.max(diff, Math.abs(actual[i] - expected[i]));
            scale = Math.max(scale, Math.abs(expected[i]));
        }
        assertTrue(scale > 1e-3, "degenerate reference logits");
        worst = Math.max(worst, diff / scale);
        return diff / scale;
    }

    @Test
    void relativePositionBucketsFollowHuggingFace() {
        T5Config c = new T5Config(8, 2, 8, 1, 4, 32, 128, 1e-6, true, false, 10, 0, 1, null);
        assertEquals(0, c.bucket(0, true));
        assertEquals(1, c.bucket(-1, true));
        assertEquals(17, c.bucket(1, true));
        assertEquals(7, c.bucket(-7, true));
        assertEquals(8, c.bucket(-8, true));
        assertEquals(15, c.bucket(-100, true));
        assertEquals(31, c.bucket(100, true));
        assertEquals(15, c.bucket(-1000, true));
        assertEquals(0, c.bucket(5, false));
        assertEquals(15, c.bucket(-15, false));
        assertEquals(17, c.bucket(-20, false));
        assertEquals(31, c.bucket(-5000, false));
    }

    @Test
    void standInT5MatchesTheFloat64ReferenceBatchedAndCached() throws IOException {
        for (StandInT5.Shape shape : List.of(StandInT5.Shape.FLAN, StandInT5.Shape.ORIGINAL)) {
            T5Checkpoint ck = T5Checkpoint.open(StandInT5.write(tmp.resolve(shape.gatedGelu() ? "flan" : "t5"), shape, 9));
            ReferenceT5 reference = new ReferenceT5(ck);
            Random random = new Random(1);
            List<long[]> prompts = List.of(randomIds(random, 9, shape.vocab()), randomIds(random, 30, shape.vocab()),
                    randomIds(random, 17, shape.vocab()));
            long passage = StandInT5.WORDS.indexOf("Passage");
            long[] prefix = {0, passage}; // "<pad> Passage", Setwise paper, setwise prompt
            try (DjlT5Model model = DjlT5Model.load(ck); T5Session s = model.encode(prompts, new FlopsCounter())) {
                s.decode(new long[][] {prefix, prefix, prefix});
                float[][][] chunk = s.chunkLogits();
                List<List<Long>> inputs = new ArrayList<>();
                for (int r = 0; r < 3; r++) {
                    double[][] expected = reference.logits(prompts.get(r), prefix);
                    for (int i = 0; i < prefix.length; i++) {
                        double err = relativeError(chunk[r][i], expected[i]);
                        assertTrue(err < TOLERANCE, shape + " row " + r + " prefix position " + i + ": " + err);
                    }
                    inputs.add(new ArrayList<>(List.of(0L, passage)));
                }
                for (int step = 0; step < 4; step++) {
                    float[][] last = s.lastLogits();
                    long[][] next = new long[3][1];
                    for (int r = 0; r < 3; r++) {
                        long[] seq = inputs.get(r).stream().mapToLong(Long::longValue).toArray();
                        double[][] expected = reference.logits(prompts.get(r), seq);
                        double err = relativeError(last[r], expected[seq.length - 1]);
                        assertTrue(err < TOLERANCE, shape + " row " + r + " step " + step + ": " + err);
                        next[r][0] = LlamaGenerator.argmax(last[r]);
                        inputs.get(r).add(next[r][0]);
                    }
                    s.decode(next);
                }
            }
        }
    }

    @Test
    void standInT5CountedFlopsMatchTheEstimator() throws IOException {
        T5Checkpoint ck = T5Checkpoint.open(StandInT5.write(tmp.resolve("flan"), StandInT5.Shape.FLAN, 3));
        Architecture arch = ck.config().architecture();
        assertEquals(3, arch.ffnMatrices());
        int n = 60;
        int prefix = 2;
        int steps = 3;
        FlopsCounter counter = new FlopsCounter();
        try (DjlT5Model model = DjlT5Model.load(ck);
             T5Session s = model.encode(List.of(randomIds(new Random(2), n, arch.vocab())), counter)) {
            s.decode(new long[][] {{0, 5}});
            for (int i = 0; i < steps; i++) {
                s.decode(new long[][] {{7}});
            }
        }
        int m = prefix + steps;
        double estimate = FlopsEstimator.encoderDecoder(arch, n, m);
        // decoder self-attention keys: the estimator charges i − 1 per output token; the runtime runs the
        // prefix as one P×P (masked) block, then each step attends its own position too
        long runtimeKeys = (long) prefix * prefix;
        long paperKeys = 0;
        for (int i = prefix + 1; i <= m; i++) {
            runtimeKeys += i;
        }
        for (int i = 1; i <= m; i++) {
            paperKeys += i - 1;
        }
        double correction = arch.nLayer() * 4.0 * arch.dAttn() * (runtimeKeys - paperKeys);
        assertEquals(1.0, counter.paperTotal() / (estimate + correction), 1e-12);
        assertEquals(counter.total(), counter.paperTotal(), 0.0, "MHA: no GQA rescaling");
        assertEquals(1.0, counter.total() / estimate, 0.02, "within 2% of the estimator");
        System.out.printf("stand-in flan-t5 n=%d, decoder %d+%d: counted %.6e, estimator %.6e, ratio %.6f%n", n, prefix,
                steps, counter.total(), estimate, counter.total() / estimate);
    }
}
