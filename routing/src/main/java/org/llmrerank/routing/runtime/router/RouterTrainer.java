package org.llmrerank.routing.runtime.router;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.stream.IntStream;

/**
 * Trains per-layer routers on MCTS labels (Dr.LLM, loss and training), plain Java: class-balanced focal loss
 * (gamma 2, beta 0.999, class counts from the training labels), teacher forcing (the inputs were
 * captured along the labelled path, see {@link RoutedRunner#routerInputs}), base model frozen,
 * AdamW (lr 1e-3, weight decay 0.01, betas 0.9/0.999), linear warm-up then cosine decay, batch 16.
 *
 * <p>The loss is the mean over layers of each layer's focal loss; with teacher forcing a router's
 * gradient depends only on its own layer's term, so the routers train independently (in parallel).
 */
public final class RouterTrainer {

    /** One text: per layer the window means of the state entering it, and the MCTS label. */
    public record Example(float[][][] inputs, int[] labels) {}

    public record Options(int epochs, int batchSize, double lr, double weightDecay, int warmupSteps, double gamma,
                          double beta, long seed) {
        public static Options paper() {
            return new Options(25, 16, 1e-3, 0.01, 500, 2.0, 0.999, 42);
        }
    }

    private RouterTrainer() {}

    public static long[] labelCounts(List<Example> examples) {
        long[] counts = new long[3];
        for (Example e : examples) {
            for (int y : e.labels()) {
                counts[y]++;
            }
        }
        return counts;
    }

    /** Trains {@code routers} in place; returns the mean training loss of the last epoch. */
    public static double train(LayerRouters routers, List<Example> examples, Options o) {
        FocalLoss loss = new FocalLoss(o.gamma(), FocalLoss.classWeights(labelCounts(examples), o.beta()));
        int steps = o.epochs() * ((examples.size() + o.batchSize() - 1) / o.batchSize());
        int warmup = Math.min(o.warmupSteps(), Math.max(1, steps / 10));
        double[] last = new double[routers.layers()];
        IntStream.range(0, routers.layers()).parallel().forEach(l ->
                last[l] = trainLayer(routers.router(l), l, examples, loss, o, steps, warmup));
        double sum = 0;
        for (double v : last) {
            sum += v;
        }
        return sum / last.length;
    }

    private static double trainLayer(Router r, int layer, List<Example> examples, FocalLoss loss, Options o, int steps,
                                     int warmup) {
        float[][] params = {r.w1, r.b1, r.w2, r.b2};
        double[][] grad = new double[4][];
        double[][] m = new double[4][];
        double[][] v = new double[4][];
        for (int i = 0; i < 4; i++) {
            grad[i] = new double[params[i].length];
            m[i] = new double[params[i].length];
            v[i] = new double[params[i].length];
        }
        List<Integer> order = new ArrayList<>();
        for (int i = 0; i < examples.size(); i++) {
            order.add(i);
        }
        Random random = new Random(o.seed() + layer);
        int step = 0;
        double epochLoss = 0;
        double[] act = new double[r.h];
        double[] pre = new double[r.h];
        for (int epoch = 0; epoch < o.epochs(); epoch++) {
            Collections.shuffle(order, random);
            epochLoss = 0;
            for (int from = 0; from < order.size(); from += o.batchSize()) {
                int to = Math.min(from + o.batchSize(), order.size());
                for (double[] g : grad) {
                    java.util.Arrays.fill(g, 0);
                }
                for (int k = from; k < to; k++) {
                    Example e = examples.get(order.get(k));
                    float[][] windows = e.inputs()[layer];
                    int y = e.labels()[layer];
                    double[] z = r.logits(windows);
                    epochLoss += loss.value(z, y);
                    double[] dz = loss.gradient(z, y);
                    accumulate(r, windows, dz, 1.0 / (to - from), grad, act, pre);
                }
                step++;
                double lr = o.lr() * (step <= warmup ? (double) step / warmup
                        : 0.5 * (1 + Math.cos(Math.PI * (step - warmup) / Math.max(1, steps - warmup))));
                adamW(params, grad, m, v, step, lr, o.weightDecay());
            }
        }
        return epochLoss / examples.size();
    }

    /** Adds {@code scale * d(loss)/d(params)} for one example to {@code grad}. */
    static void accumulate(Router r, float[][] windows, double[] dz, double scale, double[][] grad, double[] act, double[] pre) {
        int d = r.d;
        int h = r.h;
        double w = windows.length;
        for (float[] mw : windows) {
            r.forwardWindow(mw, act, pre);
            for (int c = 0; c < 3; c++) {
                double dout = dz[c] / w * scale;
                grad[3][c] += dout;
                for (int j = 0; j < h; j++) {
                    grad[2][c * h + j] += dout * act[j];
                }
            }
            for (int j = 0; j < h; j++) {
                double da = 0;
                for (int c = 0; c < 3; c++) {
                    da += r.w2[c * h + j] * dz[c] / w * scale;
                }
                double dpre = da * Router.geluDerivative(pre[j]);
                grad[1][j] += dpre;
                int row = j * d;
                for (int i = 0; i < d; i++) {
                    grad[0][row + i] += dpre * mw[i];
                }
            }
        }
    }

    private static void adamW(float[][] params, double[][] grad, double[][] m, double[][] v, int step, double lr, double wd) {
        double b1 = 0.9;
        double b2 = 0.999;
        double eps = 1e-8;
        double c1 = 1 - Math.pow(b1, step);
        double c2 = 1 - Math.pow(b2, step);
        for (int p = 0; p < params.length; p++) {
            float[] w = params[p];
            for (int i = 0; i < w.length; i++) {
                double g = grad[p][i];
                m[p][i] = b1 * m[p][i] + (1 - b1) * g;
                v[p][i] = b2 * v[p][i] + (1 - b2) * g * g;
                double update = (m[p][i] / c1) / (Math.sqrt(v[p][i] / c2) + eps);
                w[i] = (float) (w[i] - lr * (update + wd * w[i]));
            }
        }
    }
}
