package org.llmrerank.routing.runtime.router;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class FocalLossTest {

    @Test
    void handWorkedUniformLogits() {
        // p = 1/3 each; loss = (2/3)^2 * ln 3; f'(p) = 2(2/3) ln(1/3) - (4/9)/(1/3) = -(4/3)(ln 3 + 1)
        FocalLoss loss = new FocalLoss(2, new double[] {1, 1, 1});
        double[] z = {0, 0, 0};
        assertEquals(4.0 / 9 * Math.log(3), loss.value(z, 1), 1e-12);
        assertEquals(0.488272, loss.value(z, 1), 1e-6);
        double fp = -(4.0 / 3) * (Math.log(3) + 1);
        double[] g = loss.gradient(z, 1);
        assertEquals(fp * (1.0 / 3) * (2.0 / 3), g[1], 1e-12); // -0.621811
        assertEquals(-0.621811, g[1], 1e-6);
        assertEquals(fp * (1.0 / 3) * (-1.0 / 3), g[0], 1e-12); // +0.310905
        assertEquals(0.310905, g[2], 1e-6);
    }

    @Test
    void alphaScalesAndGammaZeroIsWeightedCrossEntropy() {
        double[] z = {1, 0, -1};
        FocalLoss ce = new FocalLoss(0, new double[] {1, 1, 2});
        double[] p = FocalLoss.softmax(z);
        assertEquals(-2 * Math.log(p[2]), ce.value(z, 2), 1e-12);
        double[] g = ce.gradient(z, 2);
        for (int c = 0; c < 3; c++) {
            assertEquals(2 * (p[c] - (c == 2 ? 1 : 0)), g[c], 1e-12);
        }
        // focal down-weights an easy example: p_y = softmax([1,0,-1])[0] = 0.665
        FocalLoss focal = new FocalLoss(2, new double[] {1, 1, 1});
        assertEquals(Math.pow(1 - p[0], 2) * -Math.log(p[0]), focal.value(z, 0), 1e-12);
    }

    @Test
    void gradientMatchesFiniteDifferences() {
        FocalLoss loss = new FocalLoss(2, new double[] {0.9, 0.8, 1.3});
        double[] z = {0.3, -1.2, 2.0};
        for (int y = 0; y < 3; y++) {
            double[] g = loss.gradient(z, y);
            for (int c = 0; c < 3; c++) {
                double[] a = z.clone();
                double[] b = z.clone();
                a[c] += 1e-6;
                b[c] -= 1e-6;
                assertEquals((loss.value(a, y) - loss.value(b, y)) / 2e-6, g[c], 1e-7, "y=" + y + " c=" + c);
            }
        }
    }

    @Test
    void classWeightsReproduceTheSpecsCheck() {
        double[] a = FocalLoss.classWeights(new long[] {4399, 120956, 1457}, 0.999);
        assertEquals(0.916, a[0], 1e-3);
        assertEquals(0.905, a[1], 1e-3);
        assertEquals(1.179, a[2], 1e-3);
        assertEquals(3.0, a[0] + a[1] + a[2], 1e-12);
    }

    @Test
    void routerGradientMatchesFiniteDifferencesAndTrainingFitsSeparableLabels() {
        int d = 6;
        Router r = Router.xavier(d, 5, new Random(3));
        FocalLoss loss = new FocalLoss(2, new double[] {1.2, 0.8, 1.0});
        float[][] windows = {{0.5f, -1f, 0.2f, 0.3f, 1f, -0.4f}, {1f, 0.1f, -0.3f, 0.7f, -1f, 0.2f}};
        double[][] grad = {new double[r.w1.length], new double[r.b1.length], new double[r.w2.length], new double[r.b2.length]};
        RouterTrainer.accumulate(r, windows, loss.gradient(r.logits(windows), 0), 1, grad, new double[5], new double[5]);
        float[][] params = {r.w1, r.b1, r.w2, r.b2};
        for (int p = 0; p < 4; p++) {
            for (int i = 0; i < params[p].length; i += 3) {
                float keep = params[p][i];
                params[p][i] = keep + 1e-2f;
                double up = loss.value(r.logits(windows), 0);
                params[p][i] = keep - 1e-2f;
                double down = loss.value(r.logits(windows), 0);
                params[p][i] = keep;
                assertEquals((up - down) / 2e-2, grad[p][i], 1e-4, "param " + p + "[" + i + "]");
            }
        }
        // two layers, label = sign of the first feature (layer 0) / constant execute (layer 1)
        Random rnd = new Random(4);
        java.util.ArrayList<RouterTrainer.Example> ex = new java.util.ArrayList<>();
        for (int n = 0; n < 64; n++) {
            float[][] w = new float[8][d];
            float sign = n % 2 == 0 ? 1 : -1;
            for (float[] row : w) {
                for (int i = 0; i < d; i++) {
                    row[i] = (float) rnd.nextGaussian() * 0.3f;
                }
                row[0] += sign;
            }
            ex.add(new RouterTrainer.Example(new float[][][] {w, w}, new int[] {sign > 0 ? 0 : 2, 1}));
        }
        LayerRouters routers = LayerRouters.xavier(2, d, 16, 5);
        RouterTrainer.train(routers, List.copyOf(ex), new RouterTrainer.Options(30, 16, 1e-2, 0.01, 10, 2, 0.999, 1));
        int right = 0;
        for (RouterTrainer.Example e : ex) {
            right += routers.decide(0, e.inputs()[0], LayerRouters.PLAIN).ordinal() == e.labels()[0] ? 1 : 0;
            right += routers.decide(1, e.inputs()[1], LayerRouters.PLAIN).ordinal() == e.labels()[1] ? 1 : 0;
        }
        assertTrue(right >= 124, "fit " + right + " of 128");
    }
}
