package org.llmrerank.routing.runtime.llama;

import java.util.EnumMap;
import java.util.Map;
import org.llmrerank.routing.runtime.LayerPath;
import org.llmrerank.routing.runtime.llama.LlamaCheckpoint.Tensor;

/**
 * A float64, plain-Java, deliberately naive forward pass of a Llama-family checkpoint (Llama,
 * Mistral, Qwen2, Qwen3, Gemma, Gemma 2): one
 * unpadded sequence, full causal recomputation, no cache, no engine. It is the yardstick the DJL
 * runtime and the rescorer's decoder adapters are tested against; it shares only the config and
 * the weight reader with the runtime.
 *
 * <p>O(T² · d) per layer and all weights held as doubles: small stand-in checkpoints only.
 */
public final class ReferenceLlama {

    private final LlamaConfig c;
    private final LlamaConfig.Variant family;
    private final double[] embeddings;
    private final double[] lmHead;
    private final double[] finalNorm;
    private final Map<Tensor, double[]>[] layers;

    @SuppressWarnings("unchecked")
    public ReferenceLlama(LlamaCheckpoint checkpoint) {
        this.c = checkpoint.config();
        this.family = c.variant();
        this.embeddings = doubles(checkpoint.embeddings());
        this.lmHead = doubles(checkpoint.lmHead());
        this.finalNorm = doubles(checkpoint.finalNorm());
        this.layers = new Map[c.layers()];
        for (int l = 0; l < c.layers(); l++) {
            Map<Tensor, double[]> m = new EnumMap<>(Tensor.class);
            for (Tensor t : Tensor.values()) {
                if (t.present(c)) {
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
            for (int e = 0; e < d; e++) {
                x[i][e] = embeddings[(int) ids[i] * d + e] * family.embeddingScale();
            }
        }
        for (int layer : path.requireWithin(c.layers()).layers()) {
            x = block(x, layers[layer], family.sliding(layer) ? family.slidingWindow() : 0);
        }
        double[][] out = new double[t][];
        for (int i = 0; i < t; i++) {
            out[i] = matVec(lmHead, rmsNorm(x[i], finalNorm), c.vocab(), d);
            if (family.finalSoftcap() > 0) {
                out[i] = softcap(out[i], family.finalSoftcap());
            }
        }
        return out;
    }

    /** {@code cap · tanh(x / cap)} elementwise. */
    private static double[] softcap(double[] x, double cap) {
        double[] out = new double[x.length];
        for (int i = 0; i < x.length; i++) {
            out[i] = cap * Math.tanh(x[i] / cap);
        }
        return out;
    }

    /** RMSNorm of every head's slice of {@code x} with the head-sized weight {@code w}. */
    private double[] perHead(double[] x, double[] w, int heads) {
        int hd = c.headDim();
        double[] out = new double[x.length];
        for (int h = 0; h < heads; h++) {
            double[] slice = java.util.Arrays.copyOfRange(x, h * hd, (h + 1) * hd);
            System.arraycopy(rmsNorm(slice, w), 0, out, h * hd, hd);
        }
        return out;
    }

    private double[] qkNorm(double[] x, double[] w, int heads) {
        return family.qkNorm() ? perHead(x, w, heads) : x;
    }

    /** One block; {@code window} > 0: query i sees only keys i − window + 1 .. i. */
    private double[][] block(double[][] x, Map<Tensor, double[]> w, int window) {
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
            q[i] = rope(qkNorm(addBias(matVec(w.get(Tensor.Q), h, qDim, d), w.get(Tensor.Q_BIAS)), w.get(Tensor.Q_NORM),
                    c.heads()), i, c.heads());
            k[i] = rope(qkNorm(addBias(matVec(w.get(Tensor.K), h, kvDim, d), w.get(Tensor.K_BIAS)), w.get(Tensor.K_NORM),
                    c.kvHeads()), i, c.kvHeads());
            v[i] = addBias(matVec(w.get(Tensor.V), h, kvDim, d), w.get(Tensor.V_BIAS));
        }
        double[][] out = new double[t][];
        double scale = 1 / Math.sqrt(family.queryPreAttnScalar() > 0 ? family.queryPreAttnScalar() : hd);
        double cap = family.attentionSoftcap();
        for (int i = 0; i < t; i++) {
            double[] context = new double[qDim];
            for (int head = 0; head < c.heads(); head++) {
                int kvHead = head / c.groups(); // Hugging Face repeat_kv: adjacent query heads share
                int first = window > 0 ? Math.max(0, i - window + 1) : 0;
                double[] scores = new double[i + 1];
                double max = Double.NEGATIVE_INFINITY;
                for (int j = first; j <= i; j++) {
                    double s = 0;
                    for (int e = 0; e < hd; e++) {
                        s += q[i][head * hd + e] * k[j][kvHead * hd + e];
                    }
                    scores[j] = cap > 0 ? cap * Math.tanh(s * scale / cap) : s * scale;
                    max = Math.max(max, scores[j]);
                }
                double sum = 0;
                for (int j = first; j <= i; j++) {
                    scores[j] = Math.exp(scores[j] - max);
                    sum += scores[j];
                }
                for (int j = first; j <= i; j++) {
                    for (int e = 0; e < hd; e++) {
                        context[head * hd + e] += scores[j] / sum * v[j][kvHead * hd + e];
                    }
                }
            }
            double[] projected = matVec(w.get(Tensor.O), context, d, qDim);
            if (family.sandwichNorms()) { // Gemma 2: norms on the attention output and around the MLP
                double[] attended = add(x[i], rmsNorm(projected, w.get(Tensor.POST_NORM)));
                out[i] = add(attended, rmsNorm(mlp(rmsNorm(attended, w.get(Tensor.PRE_FFN_NORM)), w),
                        w.get(Tensor.POST_FFN_NORM)));
            } else {
                double[] attended = add(x[i], projected);
                out[i] = add(attended, mlp(rmsNorm(attended, w.get(Tensor.POST_NORM)), w));
            }
        }
        return out;
    }

    /** {@code down(act(gate · h) ⊙ (up · h))} with SiLU or tanh-approximated GELU. */
    private double[] mlp(double[] h, Map<Tensor, double[]> w) {
        int d = c.hidden();
        double[] gate = matVec(w.get(Tensor.GATE), h, c.intermediate(), d);
        double[] up = matVec(w.get(Tensor.UP), h, c.intermediate(), d);
        for (int f = 0; f < gate.length; f++) {
            double g = gate[f];
            double act = family.activation() == LlamaConfig.Activation.SILU
                    ? g / (1 + Math.exp(-g))
                    : 0.5 * g * (1 + Math.tanh(Math.sqrt(2 / Math.PI) * (g + 0.044715 * g * g * g)));
            gate[f] = act * up[f];
        }
        return matVec(w.get(Tensor.DOWN), gate, d, c.intermediate());
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
            out[i] = x[i] * inv * (family.normPlusOne() ? 1 + weight[i] : weight[i]);
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
