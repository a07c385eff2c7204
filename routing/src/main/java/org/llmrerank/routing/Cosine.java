package org.llmrerank.routing;

/**
 * Relevance of a bi-encoder: the cosine of two embeddings, which the encoders return at unit length, so it is their
 * dot product. Accumulated in double, in dimension order: every scorer, trainer and analysis gets the same number.
 */
public final class Cosine {

    private Cosine() {}

    /** The cosine of two unit-length vectors. */
    public static double of(float[] a, float[] b) {
        double sum = 0;
        for (int d = 0; d < a.length; d++) {
            sum += (double) a[d] * b[d];
        }
        return sum;
    }

    /** The cosine of the query with each passage, as the float scores a reranker returns. */
    public static float[] scores(float[] query, float[][] passages) {
        float[] scores = new float[passages.length];
        for (int i = 0; i < scores.length; i++) {
            scores[i] = (float) of(query, passages[i]);
        }
        return scores;
    }
}
