package org.llmrerank.elasticsearch.retriever;

import org.llmrerank.elasticsearch.WindowReranker;

/**
 * Turns a rerank result into the scores a retriever's hits carry. Elasticsearch orders a retriever's results by score
 * and refuses negative ones, so the scores must be positive and strictly decreasing along the new order. The model's
 * own scores are kept when they are; otherwise (a negative or tied score, hits the model did not judge, a fallback)
 * every hit of the window gets a rank-derived score: window size down to 1, so the order is exactly the rerank's.
 */
public final class RetrieverScores {

    private RetrieverScores() {}

    /** Score per first-stage position. */
    public static float[] of(WindowReranker.Result result) {
        int[] order = result.order();
        float[] model = result.scores();
        float[] out = new float[order.length];
        boolean usable = result.status() == WindowReranker.Status.RERANKED;
        float previous = Float.POSITIVE_INFINITY;
        for (int i = 0; i < order.length && usable; i++) {
            float s = model[order[i]];
            usable = Float.isNaN(s) == false && s > 0 && s < previous;
            previous = s;
        }
        for (int i = 0; i < order.length; i++) {
            out[order[i]] = usable ? model[order[i]] : order.length - i;
        }
        return out;
    }
}
