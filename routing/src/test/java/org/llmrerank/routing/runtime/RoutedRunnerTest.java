package org.llmrerank.routing.runtime;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.llmrerank.estimator.Architecture;
import org.llmrerank.estimator.FlopsEstimator;
import org.llmrerank.routing.onnx.Pooling;
import org.llmrerank.routing.runtime.router.Decision;
import org.llmrerank.routing.runtime.router.LayerRouters;
import org.llmrerank.routing.runtime.router.RoutedRunner;
import org.llmrerank.routing.runtime.router.Router;
import org.llmrerank.routing.tokenizer.PaddedBatch;

/** Dr.LLM routers driving the runtime on a tiny random BERT: paths, FLOPs, teacher-forced inputs. */
class RoutedRunnerTest {

    private static DjlBertModel model;
    private static RoutedRunner runner;
    private static final Architecture ARCH = TinyBert.CONFIG.architecture("tiny");

    @BeforeAll
    static void load() {
        model = DjlBertModel.load(TinyBert.randomWeights(TinyBert.CONFIG, 11));
        runner = new RoutedRunner(model, Pooling.CLS, 0);
    }

    @AfterAll
    static void close() {
        model.close();
    }

    /** One unpadded row of random tokens. */
    private static PaddedBatch text(int length, long seed) {
        PaddedBatch b = TinyBert.randomBatch(TinyBert.CONFIG, 1, length, seed); // row 0 has the full length
        return b;
    }

    /** Routers whose decision is fixed by the bias (second layer weights zero), whatever the input. */
    private static LayerRouters fixed(Decision... decisions) {
        int d = TinyBert.CONFIG.hidden();
        int h = 4;
        Random r = new Random(1);
        List<Router> list = new ArrayList<>();
        for (Decision dec : decisions) {
            float[] w1 = new float[h * d];
            for (int i = 0; i < w1.length; i++) {
                w1[i] = (float) r.nextGaussian();
            }
            float[] b2 = new float[3];
            b2[dec.ordinal()] = 5f;
            list.add(new Router(d, h, w1, new float[h], new float[3 * h], b2));
        }
        return new LayerRouters(list);
    }

    @Test
    void decisionsProduceExactlyThePredictedPathAndTheEstimatorsFlops() {
        Decision[][] cases = {
                {Decision.SKIP, Decision.REPEAT, Decision.EXECUTE},
                {Decision.EXECUTE, Decision.EXECUTE, Decision.EXECUTE},
                {Decision.REPEAT, Decision.SKIP, Decision.SKIP},
                {Decision.SKIP, Decision.SKIP, Decision.SKIP}};
        LayerPath[] expected = {LayerPath.of(1, 1, 2), LayerPath.full(3), LayerPath.of(0, 0), LayerPath.of()};
        for (int i = 0; i < cases.length; i++) {
            for (int length : new int[] {1, 5, 13}) {
                PaddedBatch t = text(length, 100 + length);
                RoutedRunner.Result routed = runner.run(t, fixed(cases[i]), LayerRouters.PLAIN);
                assertEquals(expected[i], routed.path(), "case " + i);
                assertEquals(FlopsEstimator.routed(ARCH, expected[i].layers(), length, 0), routed.countedFlops(),
                        1e-9 * Math.max(1, routed.countedFlops()), "case " + i + " length " + length);
                // the routed pass is the fixed-path pass: same embedding
                assertArrayEquals(runner.run(t, expected[i]).embedding(), routed.embedding(), 1e-6f);
            }
        }
    }

    @Test
    void randomRoutersDecideFromTheStateEnteringEachLayer() {
        // random routers with biases that make every decision likely; the path they take must be the one
        // that re-deciding on teacher-forced inputs along that path reproduces, layer by layer
        Set<LayerPath> seen = new HashSet<>();
        for (long seed = 0; seed < 12; seed++) {
            LayerRouters routers = LayerRouters.xavier(3, TinyBert.CONFIG.hidden(), 16, seed);
            PaddedBatch t = text(6 + (int) seed, seed);
            RoutedRunner.Result r = runner.run(t, routers, LayerRouters.PLAIN);
            int[] counts = new int[3];
            r.path().layers().forEach(l -> counts[l]++);
            float[][][] inputs = runner.routerInputs(t, counts);
            for (int l = 0; l < 3; l++) {
                assertEquals(counts[l], routers.decide(l, inputs[l], LayerRouters.PLAIN).applications(), "seed " + seed + " layer " + l);
            }
            assertEquals(FlopsEstimator.routed(ARCH, r.path().layers(), t.columns(), 0), r.countedFlops(),
                    1e-9 * Math.max(1, r.countedFlops()));
            seen.add(r.path());
        }
        assertNotEquals(1, seen.size(), "random routers should not all take the same path: " + seen);
    }

    @Test
    void rejectsPaddedOrMultiRowInput() {
        PaddedBatch two = TinyBert.randomBatch(TinyBert.CONFIG, 2, 7, 3);
        assertThrows(IllegalArgumentException.class, () -> runner.run(two, LayerPath.full(3)));
    }
}
