package org.llmrerank.routing.runtime.router;

/**
 * Class-balanced focal loss (Dr.LLM, loss and training) for one layer's logits:
 * {@code alpha_y * (1 - p_y)^gamma * (-log p_y)}, with {@code p = softmax(z)} and effective-number
 * class weights {@code alpha_c ∝ (1-beta)/(1-beta^n_c)} normalised so that they sum to 3.
 * Value and gradient in double.
 */
public final class FocalLoss {

    private final double gamma;
    private final double[] alpha;

    public FocalLoss(double gamma, double[] alpha) {
        this.gamma = gamma;
        this.alpha = alpha.clone();
    }

    /** Effective-number weights (Cui et al.), sum 3; a class with no examples gets the weight of n = 1. */
    public static double[] classWeights(long[] counts, double beta) {
        double[] w = new double[counts.length];
        double sum = 0;
        for (int c = 0; c < counts.length; c++) {
            long n = Math.max(1, counts[c]);
            w[c] = (1 - beta) / (1 - Math.pow(beta, n));
            sum += w[c];
        }
        for (int c = 0; c < counts.length; c++) {
            w[c] = w[c] / (sum / counts.length);
        }
        return w;
    }

    public static double[] softmax(double[] z) {
        double max = Double.NEGATIVE_INFINITY;
        for (double v : z) {
            max = Math.max(max, v);
        }
        double[] p = new double[z.length];
        double sum = 0;
        for (int i = 0; i < z.length; i++) {
            p[i] = Math.exp(z[i] - max);
            sum += p[i];
        }
        for (int i = 0; i < z.length; i++) {
            p[i] /= sum;
        }
        return p;
    }

    /** The loss for target class {@code y}. */
    public double value(double[] z, int y) {
        double[] p = softmax(z);
        return alpha[y] * Math.pow(1 - p[y], gamma) * -Math.log(p[y]);
    }

    /**
     * dLoss/dz. With {@code f(p) = (1-p)^g * (-log p)}, {@code f'(p) = g(1-p)^(g-1) log p - (1-p)^g / p},
     * and {@code dp_y/dz_c = p_y (1[c=y] - p_c)}.
     */
    public double[] gradient(double[] z, int y) {
        double[] p = softmax(z);
        double py = p[y];
        double fPrime = (gamma == 0 ? 0 : gamma * Math.pow(1 - py, gamma - 1) * Math.log(py)) - Math.pow(1 - py, gamma) / py;
        double[] g = new double[z.length];
        for (int c = 0; c < z.length; c++) {
            g[c] = alpha[y] * fPrime * py * ((c == y ? 1 : 0) - p[c]);
        }
        return g;
    }
}
