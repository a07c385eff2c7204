package org.llmrerank.routing.runtime.t5;

/**
 * A float64, plain-Java, naive T5 forward pass: one unpadded prompt, the whole decoder input
 * recomputed causally, no cache, no engine. The yardstick for {@link DjlT5Model}; shares only the
 * config (including its bucket formula) and the weight reader with it.
 */
public final class ReferenceT5 {

    private final T5Config c;
    private final T5Checkpoint ck;
    private final double[] shared;
    private final double[] lmHead;

    public ReferenceT5(T5Checkpoint checkpoint) {
        this.ck = checkpoint;
        this.c = checkpoint.config();
        this.shared = doubles(checkpoint.shared());
        this.lmHead = doubles(checkpoint.lmHead());
    }

    public T5Config config() {
        return c;
    }

    /** Logits after each of {@code decoderInputs}, {@code [m][vocab]}, given the encoded {@code prompt}. */
    public double[][] logits(long[] prompt, long[] decoderInputs) {
        int d = c.dModel();
        double[][] x = embed(prompt);
        double[] encBias = doubles(ck.relativeBias("encoder"));
        for (int b = 0; b < c.layers(); b++) {
            double[][] h = norm(x, w("encoder", b, 0, "layer_norm.weight", d));
            x = add(x, attention(h, h, "encoder", b, 0, "SelfAttention", encBias, true, false));
            x = add(x, ffn(norm(x, w("encoder", b, 1, "layer_norm.weight", d)), "encoder", b));
        }
        double[][] encoded = norm(x, doubles(ck.finalNorm("encoder")));
        double[][] y = embed(decoderInputs);
        double[] decBias = doubles(ck.relativeBias("decoder"));
        for (int b = 0; b < c.layers(); b++) {
            double[][] h = norm(y, w("decoder", b, 0, "layer_norm.weight", d));
            y = add(y, attention(h, h, "decoder", b, 0, "SelfAttention", decBias, false, true));
            double[][] hc = norm(y, w("decoder", b, 1, "layer_norm.weight", d));
            y = add(y, attention(hc, encoded, "decoder", b, 1, "EncDecAttention", null, false, false));
            y = add(y, ffn(norm(y, w("decoder", b, 2, "layer_norm.weight", d)), "decoder", b));
        }
        double[][] out = norm(y, doubles(ck.finalNorm("decoder")));
        double scale = c.tieWordEmbeddings() ? Math.pow(d, -0.5) : 1;
        double[][] logits = new double[out.length][];
        for (int i = 0; i < out.length; i++) {
            double[] o = out[i].clone();
            for (int e = 0; e < d; e++) {
                o[e] *= scale;
            }
            logits[i] = matVec(lmHead, o, c.vocab(), d);
        }
        return logits;
    }

    /** Attention of queries from {@code x} over {@code kv}; bias null = no position bias (cross-attention). */
    private double[][] attention(double[][] x, double[][] kv, String stack, int block, int layer, String kind,
                                 double[] bias, boolean bidirectional, boolean causal) {
        int d = c.dModel();
        int inner = c.inner();
        int dk = c.dKv();
        double[] wq = w(stack, block, layer, kind + ".q.weight", inner, d);
        double[] wk = w(stack, block, layer, kind + ".k.weight", inner, d);
        double[] wv = w(stack, block, layer, kind + ".v.weight", inner, d);
        double[] wo = w(stack, block, layer, kind + ".o.weight", d, inner);
        double[][] k = new double[kv.length][];
        double[][] v = new double[kv.length][];
        for (int j = 0; j < kv.length; j++) {
            k[j] = matVec(wk, kv[j], inner, d);
            v[j] = matVec(wv, kv[j], inner, d);
        }
        double[][] out = new double[x.length][];
        for (int i = 0; i < x.length; i++) {
            double[] q = matVec(wq, x[i], inner, d);
            double[] context = new double[inner];
            int visible = causal ? i + 1 : kv.length;
            for (int h = 0; h < c.heads(); h++) {
                double[] s = new double[visible];
                double max = Double.NEGATIVE_INFINITY;
                for (int j = 0; j < visible; j++) {
                    double dot = 0;
                    for (int e = 0; e < dk; e++) {
                        dot += q[h * dk + e] * k[j][h * dk + e];
                    }
                    if (bias != null) {
                        dot += bias[c.bucket(j - i, bidirectional) * c.heads() + h];
                    }
                    s[j] = dot; // T5: no 1/sqrt(d_kv)
                    max = Math.max(max, dot);
                }
                double sum = 0;
                for (int j = 0; j < visible; j++) {
                    s[j] = Math.exp(s[j] - max);
                    sum += s[j];
                }
                for (int j = 0; j < visible; j++) {
                    for (int e = 0; e < dk; e++) {
                        context[h * dk + e] += s[j] / sum * v[j][h * dk + e];
                    }
                }
            }
            out[i] = matVec(wo, context, d, inner);
        }
        return out;
    }

    private double[][] ffn(double[][] x, String stack, int block) {
        int d = c.dModel();
        int ff = c.dFf();
        int layer = T5Checkpoint.ffnLayer(stack);
        double[] wo = w(stack, block, layer, "DenseReluDense.wo.weight", d, ff);
        double[][] out = new double[x.length][];
        for (int i = 0; i < x.length; i++) {
            double[] hidden;
            if (c.gatedGelu()) {
                double[] a = matVec(w(stack, block, layer, "DenseReluDense.wi_0.weight", ff, d), x[i], ff, d);
                double[] b = matVec(w(stack, block, layer, "DenseReluDense.wi_1.weight", ff, d), x[i], ff, d);
                hidden = new double[ff];
                for (int f = 0; f < ff; f++) {
                    double g = 0.5 * a[f] * (1 + Math.tanh(Math.sqrt(2 / Math.PI) * (a[f] + 0.044715 * a[f] * a[f] * a[f])));
                    hidden[f] = g * b[f];
                }
            } else {
                hidden = matVec(w(stack, block, layer, "DenseReluDense.wi.weight", ff, d), x[i], ff, d);
                for (int f = 0; f < ff; f++) {
                    hidden[f] = Math.max(0, hidden[f]);
                }
            }
            out[i] = matVec(wo, hidden, d, ff);
        }
        return out;
    }

    private double[][] norm(double[][] x, double[] weight) {
        double[][] out = new double[x.length][];
        for (int i = 0; i < x.length; i++) {
            double ms = 0;
            for (double v : x[i]) {
                ms += v * v;
            }
            double inv = 1 / Math.sqrt(ms / x[i].length + c.layerNormEps());
            out[i] = new double[x[i].length];
            for (int e = 0; e < x[i].length; e++) {
                out[i][e] = x[i][e] * inv * weight[e];
            }
        }
        return out;
    }

    private double[][] embed(long[] ids) {
        int d = c.dModel();
        double[][] x = new double[ids.length][d];
        for (int i = 0; i < ids.length; i++) {
            System.arraycopy(shared, (int) ids[i] * d, x[i], 0, d);
        }
        return x;
    }

    private double[] w(String stack, int block, int layer, String suffix, long... shape) {
        return doubles(ck.tensor(stack, block, layer, suffix, shape));
    }

    private static double[][] add(double[][] a, double[][] b) {
        double[][] out = new double[a.length][];
        for (int i = 0; i < a.length; i++) {
            out[i] = new double[a[i].length];
            for (int e = 0; e < a[i].length; e++) {
                out[i][e] = a[i][e] + b[i][e];
            }
        }
        return out;
    }

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

    private static double[] doubles(float[] f) {
        double[] d = new double[f.length];
        for (int i = 0; i < f.length; i++) {
            d[i] = f[i];
        }
        return d;
    }
}
