package org.llmrerank.routing.runtime.router;

import java.util.Random;

/**
 * One Dr.LLM router (Dr.LLM, router architecture): {@code Linear(d, h) -> GELU(tanh) -> Linear(h, 3)} applied to each
 * of up to {@value #WINDOWS} windowed means of the hidden state entering its layer; the logits are
 * averaged over the windows (divided by {@code W_eff}, the number of windows actually used, which is
 * W unless the text has fewer than W tokens). Plain Java, float weights, double accumulation.
 *
 * <p>Weights are row-major: {@code w1[j * d + i]} maps input i to hidden unit j;
 * {@code w2[c * h + j]} maps hidden unit j to class c.
 */
public final class Router {

    public static final int WINDOWS = 8;
    public static final int CLASSES = 3;
    private static final double SQRT_2_OVER_PI = Math.sqrt(2 / Math.PI);

    final int d;
    final int h;
    final float[] w1;
    final float[] b1;
    final float[] w2;
    final float[] b2;

    public Router(int d, int h, float[] w1, float[] b1, float[] w2, float[] b2) {
        if (w1.length != d * h || b1.length != h || w2.length != CLASSES * h || b2.length != CLASSES) {
            throw new IllegalArgumentException("router weights do not match d=" + d + ", h=" + h);
        }
        this.d = d;
        this.h = h;
        this.w1 = w1;
        this.b1 = b1;
        this.w2 = w2;
        this.b2 = b2;
    }

    /** Xavier-uniform weights, zero biases (Dr.LLM, router architecture). */
    public static Router xavier(int d, int h, Random random) {
        return new Router(d, h, uniform(random, d * h, Math.sqrt(6.0 / (d + h))), new float[h],
                uniform(random, CLASSES * h, Math.sqrt(6.0 / (h + CLASSES))), new float[CLASSES]);
    }

    private static float[] uniform(Random r, int n, double limit) {
        float[] v = new float[n];
        for (int i = 0; i < n; i++) {
            v[i] = (float) ((2 * r.nextDouble() - 1) * limit);
        }
        return v;
    }

    public int inputDim() {
        return d;
    }

    public int bottleneck() {
        return h;
    }

    /**
     * Windowed mean pooling (Dr.LLM, router architecture): {@code W_eff = min(W, T)} contiguous windows of
     * {@code floor(T / W_eff)} tokens each over the first {@code W_eff * floor(T / W_eff)} tokens;
     * the tail is dropped.
     *
     * @param hidden row-major {@code [.., T_padded, d]} states of one or more sequences
     * @param offset index in {@code hidden} of this sequence's first token
     * @param tokens T, the sequence's real (unpadded) length
     */
    public static float[][] windowMeans(float[] hidden, int offset, int tokens, int d) {
        if (tokens < 1) {
            throw new IllegalArgumentException("a sequence has at least one token");
        }
        int w = Math.min(WINDOWS, tokens);
        int size = tokens / w;
        float[][] means = new float[w][d];
        double[] acc = new double[d];
        for (int k = 0; k < w; k++) {
            java.util.Arrays.fill(acc, 0);
            for (int t = k * size; t < (k + 1) * size; t++) {
                int base = offset + t * d;
                for (int i = 0; i < d; i++) {
                    acc[i] += hidden[base + i];
                }
            }
            for (int i = 0; i < d; i++) {
                means[k][i] = (float) (acc[i] / size);
            }
        }
        return means;
    }

    /** Logits averaged over windows. */
    public double[] logits(float[][] windows) {
        double[] z = new double[CLASSES];
        double[] hidden = new double[h];
        for (float[] m : windows) {
            forwardWindow(m, hidden, null);
            for (int c = 0; c < CLASSES; c++) {
                double s = b2[c];
                for (int j = 0; j < h; j++) {
                    s += w2[c * h + j] * hidden[j];
                }
                z[c] += s / windows.length;
            }
        }
        return z;
    }

    /** {@code gelu(W1 m + b1)} into {@code act}; pre-activations into {@code pre} when not null. */
    void forwardWindow(float[] m, double[] act, double[] pre) {
        for (int j = 0; j < h; j++) {
            double s = b1[j];
            int row = j * d;
            for (int i = 0; i < d; i++) {
                s += w1[row + i] * m[i];
            }
            if (pre != null) {
                pre[j] = s;
            }
            act[j] = gelu(s);
        }
    }

    /** GELU, tanh approximation (Dr.LLM, router architecture). */
    static double gelu(double x) {
        return 0.5 * x * (1 + Math.tanh(SQRT_2_OVER_PI * (x + 0.044715 * x * x * x)));
    }

    static double geluDerivative(double x) {
        double u = SQRT_2_OVER_PI * (x + 0.044715 * x * x * x);
        double t = Math.tanh(u);
        double du = SQRT_2_OVER_PI * (1 + 3 * 0.044715 * x * x);
        return 0.5 * (1 + t) + 0.5 * x * (1 - t * t) * du;
    }
}
