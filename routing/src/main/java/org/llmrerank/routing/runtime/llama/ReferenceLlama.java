package org.llmrerank.routing.runtime.llama;

import java.util.EnumMap;
import java.util.Map;
import org.llmrerank.routing.runtime.LayerPath;
import org.llmrerank.routing.runtime.llama.LlamaCheckpoint.Tensor;

/**
 * A float64, plain-Java, deliberately naive forward pass of a Llama/Qwen2 checkpoint: one
 * unpadded sequence, full causal recomputation, no cache, no engine. It is the yardstick the DJL
 * runtime is tested against (and can check a user's checkpoint on small inputs); it shares only
 * the config and the weight reader with the runtime.
 *
 * <p>O(T² · d) per layer and all weights held as doubles: for tests and spot checks only.
 */
public final class ReferenceLlama {

    private final LlamaConfig c;
    private final double[] embeddings;
    private final double[] lmHead;
    private final double[] finalNorm;
    private final Map<Tensor, double[]>[] layers;

    @SuppressWarnings("unchecked")
    public ReferenceLlama(LlamaCheckpoint checkpoint) {
        this.c = checkpoint.config();
        this.embeddings = doubles(checkpoint.embeddings());
        this.lmHead = doubles(checkpoint.lmHead());
        this.finalNorm = doubles(checkpoint.finalNorm());
        this.layers = new Map[c.layers()];
        for (int l = 0; l < c.layers(); l++) {
            Map<Tensor, double[]> m = new EnumMap<>(Tensor.class);
            for (Tensor t : Tensor.values()) {
                boolean bias = t == Tensor.Q_BIAS || t == Tensor.K_BIAS || t == Tensor.V_BIAS;
                if (!bias || c.qkvBias()) {
                    m.put(t, doubles(checkpoint.layer(l, t)));
                }
            }
            layers[l] = m;
        }
    }

    public LlamaConfig config() {
        return c;
    }

    /** Next-token logits after every position of {@code ids}, {@code [T][vocab]}, along {@code path}. */
    public double[][] logits(long[] ids, LayerPath path) {
        int t = ids.length;
        int d = c.hidden();
        double[][] x = new double[t][d];
        for (int i = 0; i < t; i++) {
            System.arraycopy(embeddings, (int) ids[i] * d, x[i], 0, d);
        }
        for (int layer : path.requireWithin(c.layers()).layers()) {
            x = block(x, layers[layer]);
        }
        double[][] out = new double[t][];
        for (int i = 0; i < t; i++) {
            out[i] = matVec(lmHead, rmsNorm(x[i], finalNorm), c.vocab(), d);
        }
        return out;
    }

    private double[][] block(double[][] x, Map<Tensor, double[]> w) {
        int t = x.length;
        int d = c.hidden();
        int hd = c.headDim();
        int qDim = c.heads() * hd;
        int kvDim = c.kvHeads() * hd;
        double[][] q = new double[t][];
        double[][] k = new double[t][];
        double[][] v = new double[t][];
        for (int i = 0; i < t; i++) {
            double[] h = rmsNorm(x[i], w.get(Tensor.INPUT_NORM));
            q[i] = rope(addBias(matVec(w.get(Tensor.Q), h, qDim, d), w.get(Tensor.Q_BIAS)), i, c.heads());
            k[i] = rope(addBias(matVec(w.get(Tensor.K), h, kvDim, d), w.get(Tensor.K_BIAS)), i, c.kvHeads());
            v[i] = addBias(matVec(w.get(Tensor.V), h, kvDim, d), w.get(Tensor.V_BIAS));
        }
        double[][] out = new double[t][];
        double scale = 1 / Math.sqrt(hd);
        for (int i = 0; i < t; i++) {
            double[] context = new double[qDim];
            for (int head = 0; head < c.heads(); head++) {
                int kvHead = head / c.groups(); // Hugging Face repeat_kv: adjacent query heads share
                double[] scores = new double[i + 1];
                double max = Double.NEGATIVE_INFINITY;
                for (int j = 0; j <= i; j++) {
                    double s = 0;
                    for (int e = 0; e < hd; e++) {
                        s += q[i][head * hd + e] * k[j][kvHead * hd + e];
                    }
                    scores[j] = s * scale;
                    max = Math.max(max, scores[j]);
                }
                double sum = 0;
                for (int j = 0; j <= i; j++) {
                    scores[j] = Math.exp(scores[j] - max);
                    sum += scores[j];
                }
                for (int j = 0; j <= i; j++) {
                    for (int e = 0; e < hd; e++) {
                        context[head * hd + e] += scores[j] / sum * v[j][kvHead * hd + e];
                    }
                }
            }
            double[] attended = add(x[i], matVec(w.get(Tensor.O), context, d, qDim));
            double[] h2 = rmsNorm(attended, w.get(Tensor.POST_NORM));
            double[] gate = matVec(w.get(Tensor.GATE), h2, c.intermediate(), d);
            double[] up = matVec(w.get(Tensor.UP), h2, c.intermediate(), d);
            for (int f = 0; f < gate.length; f++) {
                gate[f] = gate[f] / (1 + Math.exp(-gate[f])) * up[f]; // SiLU(gate) * up
            }
            out[i] = add(attended, matVec(w.get(Tensor.DOWN), gate, d, c.intermediate()));
        }
        return out;
    }

    /** Rotate-half RoPE at {@code position}: pairs (e, e + hd/2) of every head. */
    private double[] rope(double[] x, int position, int heads) {
        double[] f = c.inverseFrequencies();
        int hd = c.headDim();
        int half = hd / 2;
        double[] out = x.clone();
        for (int h = 0; h < heads; h++) {
            for (int e = 0; e < half; e++) {
                double angle = position * f[e];
                double a = x[h * hd + e];
                double b = x[h * hd + e + half];
                out[h * hd + e] = a * Math.cos(angle) - b * Math.sin(angle);
                out[h * hd + e + half] = b * Math.cos(angle) + a * Math.sin(angle);
            }
        }
        return out;
    }

    private double[] rmsNorm(double[] x, double[] weight) {
        double ms = 0;
        for (double value : x) {
            ms += value * value;
        }
        double inv = 1 / Math.sqrt(ms / x.length + c.rmsNormEps());
        double[] out = new double[x.length];
        for (int i = 0; i < x.length; i++) {
            out[i] = x[i] * inv * weight[i];
        }
        return out;
    }

    /** {@code W · x} for a row-major {@code [rows, cols]} W (PyTorch's {@code [out, in]}). */
    private static double[] matVec(double[] w, double[] x, int rows, int cols) {
        double[] out = new double[rows];
        for (int r = 0; r < rows; r++) {
            double s = 0;
            for (int i = 0; i < cols; i++) {
                s += w[r * cols + i] * x[i];
            }
            out[r] = s;
        }
        return out;
    }

    private static double[] addBias(double[] x, double[] bias) {
        return bias == null ? x : add(x, bias);
    }

    private static double[] add(double[] a, double[] b) {
        double[] out = new double[a.length];
        for (int i = 0; i < a.length; i++) {
            out[i] = a[i] + b[i];
        }
        return out;
    }

    private static double[] doubles(float[] f) {
        double[] d = new double[f.length];
        for (int i = 0; i < f.length; i++) {
            d[i] = f[i];
        }
        return d;
    }
}
