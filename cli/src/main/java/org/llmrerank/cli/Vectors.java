package org.llmrerank.cli;

/** Relevance of unit-length embeddings: their dot product (= cosine), accumulated in double. */
final class Vectors {

    private Vectors() {}

    static double dot(float[] a, float[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) {
            s += (double) a[i] * b[i];
        }
        return s;
    }
}
