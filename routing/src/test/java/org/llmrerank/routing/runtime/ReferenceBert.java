package org.llmrerank.routing.runtime;

import org.llmrerank.routing.tokenizer.PaddedBatch;

/**
 * A naive float64 BERT forward pass, written from the Hugging Face {@code BertModel} definition
 * (post-LN blocks, erf GELU, additive key mask), loop by loop with no engine and no shared code
 * with the runtime beyond the weight arrays. It is the oracle the DJL runtime is checked against.
 */
final class ReferenceBert {

    private final BertWeights w;
    private final BertConfig c;

    ReferenceBert(BertWeights weights) {
        this.w = weights;
        this.c = weights.config();
    }

    /** Hidden states {@code [rows][columns][hidden]} after running {@code path}. */
    double[][][] forward(PaddedBatch batch, LayerPath path) {
        int d = c.hidden();
        double[][][] h = new double[batch.rows()][batch.columns()][d];
        for (int r = 0; r < batch.rows(); r++) {
            for (int t = 0; t < batch.columns(); t++) {
                int cell = r * batch.columns() + t;
                int id = (int) batch.inputIds()[cell];
                int type = (int) batch.typeIds()[cell];
                for (int k = 0; k < d; k++) {
                    h[r][t][k] = (double) w.wordEmbeddings()[id * d + k] + w.positionEmbeddings()[t * d + k]
                            + w.typeEmbeddings()[type * d + k];
                }
                h[r][t] = layerNorm(h[r][t], w.embeddingNorm());
            }
        }
        for (int layer : path.layers()) {
            for (int r = 0; r < batch.rows(); r++) {
                h[r] = block(w.layers().get(layer), h[r], batch, r);
            }
        }
        return h;
    }

    private double[][] block(BertWeights.Layer l, double[][] x, PaddedBatch batch, int row) {
        int n = x.length;
        int hd = c.headDim();
        double[][] q = linear(x, l.query());
        double[][] k = linear(x, l.key());
        double[][] v = linear(x, l.value());
        double[][] context = new double[n][c.hidden()];
        for (int head = 0; head < c.heads(); head++) {
            int off = head * hd;
            for (int i = 0; i < n; i++) {
                double[] p = new double[n];
                double max = Double.NEGATIVE_INFINITY;
                for (int j = 0; j < n; j++) {
                    if (batch.attentionMask()[row * batch.columns() + j] == 0) {
                        p[j] = Double.NEGATIVE_INFINITY; // padding keys get zero weight
                        continue;
                    }
                    double s = 0;
                    for (int e = 0; e < hd; e++) {
                        s += q[i][off + e] * k[j][off + e];
                    }
                    p[j] = s / Math.sqrt(hd);
                    max = Math.max(max, p[j]);
                }
                double sum = 0;
                for (int j = 0; j < n; j++) {
                    p[j] = Math.exp(p[j] - max);
                    sum += p[j];
                }
                for (int j = 0; j < n; j++) {
                    for (int e = 0; e < hd; e++) {
                        context[i][off + e] += p[j] / sum * v[j][off + e];
                    }
                }
            }
        }
        double[][] attention = linear(context, l.attentionOutput());
        double[][] a = new double[n][];
        for (int i = 0; i < n; i++) {
            a[i] = layerNorm(add(attention[i], x[i]), l.attentionNorm());
        }
        double[][] inter = linear(a, l.intermediate());
        for (double[] rowValues : inter) {
            for (int j = 0; j < rowValues.length; j++) {
                rowValues[j] = 0.5 * rowValues[j] * (1 + erf(rowValues[j] / Math.sqrt(2)));
            }
        }
        double[][] f = linear(inter, l.output());
        double[][] out = new double[n][];
        for (int i = 0; i < n; i++) {
            out[i] = layerNorm(add(f[i], a[i]), l.outputNorm());
        }
        return out;
    }

    private static double[][] linear(double[][] x, BertWeights.Linear l) {
        double[][] y = new double[x.length][l.out()];
        for (int r = 0; r < x.length; r++) {
            for (int o = 0; o < l.out(); o++) {
                double s = l.bias()[o];
                for (int i = 0; i < l.in(); i++) {
                    s += x[r][i] * l.weight()[i * l.out() + o];
                }
                y[r][o] = s;
            }
        }
        return y;
    }

    private double[] layerNorm(double[] x, BertWeights.Norm n) {
        double mean = 0;
        for (double v : x) {
            mean += v;
        }
        mean /= x.length;
        double var = 0;
        for (double v : x) {
            var += (v - mean) * (v - mean);
        }
        var /= x.length;
        double[] y = new double[x.length];
        for (int i = 0; i < x.length; i++) {
            y[i] = (x[i] - mean) / Math.sqrt(var + c.layerNormEps()) * n.gamma()[i] + n.beta()[i];
        }
        return y;
    }

    private static double[] add(double[] a, double[] b) {
        double[] s = new double[a.length];
        for (int i = 0; i < a.length; i++) {
            s[i] = a[i] + b[i];
        }
        return s;
    }

    /** erf to ~1e-15: Maclaurin series below 2.5, the erfc continued fraction (Lentz, backwards) above. */
    static double erf(double x) {
        double ax = Math.abs(x);
        double result;
        if (ax < 2.5) {
            double term = ax;
            double sum = ax;
            for (int n = 1; n < 200 && Math.abs(term) > 1e-17 * Math.abs(sum); n++) {
                term *= -ax * ax / n;
                sum += term / (2 * n + 1);
            }
            result = 2 / Math.sqrt(Math.PI) * sum;
        } else {
            double f = ax;
            for (int k = 80; k >= 1; k--) {
                f = ax + (k / 2.0) / f;
            }
            result = 1 - Math.exp(-ax * ax) / (Math.sqrt(Math.PI) * f);
        }
        return x < 0 ? -result : result;
    }
}
