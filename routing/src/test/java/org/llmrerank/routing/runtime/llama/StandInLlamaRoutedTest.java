package org.llmrerank.routing.runtime.llama;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.llmrerank.routing.runtime.FlopsCounter;
import org.llmrerank.routing.runtime.LayerPath;
import org.llmrerank.routing.runtime.router.LayerRouters;

/**
 * Dr.LLM routers deciding each row's path at prefill on a STAND-IN Qwen2 (random weights, random
 * Xavier routers at the plain knob): the chosen paths are applied (logits equal a prefill along
 * those paths given explicitly, and the float64 reference's), each row's decision depends on its
 * own real tokens only (batched, left-padded == alone), and decode steps reuse the paths.
 */
class StandInLlamaRoutedTest {

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

    @Test
    void standInRoutersChoosePerRowPathsThatTheRuntimeApplies() {
        Random random = new Random(8);
        int vocab = checkpoint.config().vocab();
        List<long[]> prompts = List.of(StandInLlamaRuntimeTest.randomIds(random, 6, vocab),
                StandInLlamaRuntimeTest.randomIds(random, 21, vocab), StandInLlamaRuntimeTest.randomIds(random, 13, vocab),
                StandInLlamaRuntimeTest.randomIds(random, 17, vocab));
        int nonFull = 0;
        for (long seed = 1; seed <= 4; seed++) {
            LayerRouters routers = LayerRouters.xavier(3, checkpoint.config().hidden(), 128, seed);
            List<LayerPath> chosen;
            float[][] routedLast;
            float[][] afterStep;
            long[] next = {5, 6, 7, 8};
            try (LlamaSession s = model.prefill(prompts, routers, LayerRouters.PLAIN, new FlopsCounter())) {
                chosen = s.paths();
                routedLast = s.lastLogits();
                s.decode(next);
                afterStep = s.lastLogits();
            }
            try (LlamaSession s = model.prefill(prompts, chosen, new FlopsCounter())) {
                float[][] explicit = s.lastLogits();
                s.decode(next);
                float[][] explicitStep = s.lastLogits();
                for (int r = 0; r < prompts.size(); r++) {
                    assertEquals(0, StandInLlamaRuntimeTest.relativeError(routedLast[r], toDouble(explicit[r])), 1e-6);
                    assertEquals(0, StandInLlamaRuntimeTest.relativeError(afterStep[r], toDouble(explicitStep[r])), 1e-6,
                            "decode steps reuse the prefill's path");
                }
            }
            for (int r = 0; r < prompts.size(); r++) {
                long[] p = prompts.get(r);
                double err = StandInLlamaRuntimeTest.relativeError(routedLast[r],
                        reference.logits(p, chosen.get(r))[p.length - 1]);
                assertTrue(err < StandInLlamaRuntimeTest.TOLERANCE, "row " + r + " path " + chosen.get(r) + ": " + err);
                try (LlamaSession alone = model.prefill(List.of(p), routers, LayerRouters.PLAIN, new FlopsCounter())) {
                    assertEquals(chosen.get(r), alone.paths().get(0), "row " + r + ": padding must not sway the router");
                }
                if (!chosen.get(r).equals(LayerPath.full(3))) {
                    nonFull++;
                }
            }
            System.out.println("stand-in routers seed " + seed + " chose " + chosen);
        }
        assertTrue(nonFull > 0, "random routers at the plain knob skip or repeat somewhere");
    }

    @Test
    void routersMustFitTheModel() {
        assertThrows(IllegalArgumentException.class, () -> model.prefill(List.of(new long[] {1, 4}),
                LayerRouters.xavier(2, checkpoint.config().hidden(), 128, 1), LayerRouters.PLAIN, new FlopsCounter()));
    }

    private static double[] toDouble(float[] f) {
        double[] d = new double[f.length];
        for (int i = 0; i < f.length; i++) {
            d[i] = f[i];
        }
        return d;
    }
}
