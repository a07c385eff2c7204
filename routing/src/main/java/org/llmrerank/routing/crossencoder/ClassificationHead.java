package org.llmrerank.routing.crossencoder;

import java.util.Objects;
import org.llmrerank.routing.runtime.BertWeights;
import org.llmrerank.routing.runtime.FlopsCounter;

/**
 * A sequence classifier's head on the first token's final hidden state: {@code tanh(x · dense + b)} then the
 * projection to the logits. BERT calls the first layer its pooler, XLM-RoBERTa {@code classifier.dense}; the
 * computation is the same.
 *
 * <p>The relevance score is the logit itself for a one-logit head, and {@code logit[1] - logit[0]} for a two-logit
 * head: the log-odds of "relevant", which orders passages exactly as softmax P(relevant) does but keeps telling
 * confident passages apart where the probability rounds to 1 in float.
 */
public record ClassificationHead(BertWeights.Linear dense, BertWeights.Linear out) {

    public ClassificationHead {
        Objects.requireNonNull(dense, "dense");
        Objects.requireNonNull(out, "out");
        if (dense.in() != dense.out() || out.in() != dense.out()) {
            throw new IllegalArgumentException("head is " + dense.in() + "x" + dense.out() + " then " + out.in() + "x" + out.out()
                + "; expected hidden x hidden then hidden x labels");
        }
        if (out.out() != 1 && out.out() != 2) {
            throw new IllegalArgumentException("head gives " + out.out() + " logits; a relevance head gives 1 or 2");
        }
    }

    public int labels() {
        return out.out();
    }

    /** The logits of each row of {@code first} (first-token states), counting the two matmuls on {@code counter}. */
    public float[][] logits(float[][] first, FlopsCounter counter) {
        float[][] logits = new float[first.length][];
        for (int r = 0; r < first.length; r++) {
            float[] pooled = apply(dense, first[r]);
            for (int i = 0; i < pooled.length; i++) {
                pooled[i] = (float) Math.tanh(pooled[i]);
            }
            logits[r] = apply(out, pooled);
        }
        counter.linear(first.length, dense.in(), dense.out());
        counter.linear(first.length, out.in(), out.out());
        return logits;
    }

    /** The relevance score of one row's logits (class comment). */
    public static float score(float[] logits) {
        return switch (logits.length) {
            case 1 -> logits[0];
            case 2 -> logits[1] - logits[0];
            default -> throw new IllegalArgumentException("a relevance head gives 1 or 2 logits, got " + logits.length);
        };
    }

    /** {@code x · W + b}, accumulated in double. */
    private static float[] apply(BertWeights.Linear l, float[] x) {
        if (x.length != l.in()) {
            throw new IllegalArgumentException("state of width " + x.length + " for a head of width " + l.in());
        }
        float[] y = new float[l.out()];
        for (int o = 0; o < l.out(); o++) {
            double sum = l.bias()[o];
            for (int i = 0; i < l.in(); i++) {
                sum += (double) x[i] * l.weight()[i * l.out() + o];
            }
            y[o] = (float) sum;
        }
        return y;
    }
}
