package org.llmrerank.elasticsearch.retriever;

import org.llmrerank.rescorer.RerankOutcome;
import org.llmrerank.rescorer.pipeline.RerankResult;

/**
 * Turns a rerank result into the scores a retriever's hits carry. Elasticsearch orders a retriever's results by score
 * and refuses negative ones, so the scores must be positive and strictly decreasing along the new order. The model's
 * own scores are kept when they are; otherwise (a negative or tied score, hits the model did not judge, a fallback)
 * every hit of the window gets a rank-derived score: window size down to 1, so the order is exactly the rerank's.
 */
public final class RetrieverScores {

    private RetrieverScores() {}

    /** Score per first-stage position of a window of {@code n} hits. */
    public static float[] of(RerankResult result, int n) {
        RerankOutcome outcome = result.outcome();
        int[] order = new int[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        boolean usable = outcome != null;
        if (outcome != null) {
            System.arraycopy(outcome.order(), 0, order, 0, Math.min(n, outcome.order().length));
        }
        float previous = Float.POSITIVE_INFINITY;
        for (int i = 0; i < n && usable; i++) {
            float s = outcome.modelScores()[order[i]];
            usable = Float.isNaN(s) == false && s > 0 && s < previous;
            previous = s;
        }
        float[] out = new float[n];
        for (int i = 0; i < n; i++) {
            out[order[i]] = usable ? outcome.modelScores()[order[i]] : n - i;
        }
        return out;
    }
}
