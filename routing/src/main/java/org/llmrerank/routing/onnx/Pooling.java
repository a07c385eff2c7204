package org.llmrerank.routing.onnx;

import java.nio.FloatBuffer;

/** How a sequence of hidden states becomes one vector; a property of how the model was trained. */
public enum Pooling {

    /** The hidden state of the first ({@code [CLS]}) token: BGE models. */
    CLS {
        @Override
        void pool(FloatBuffer hidden, int rowStart, int dim, long[] mask, int maskStart, int columns, float[] out) {
            hidden.get(rowStart, out, 0, dim);
        }
    },

    /** Mean over real tokens (attention mask 1), padding excluded: sentence-transformers models. */
    MEAN {
        @Override
        void pool(FloatBuffer hidden, int rowStart, int dim, long[] mask, int maskStart, int columns, float[] out) {
            double[] sum = new double[dim];
            long count = 0;
            for (int t = 0; t < columns; t++) {
                if (mask[maskStart + t] == 0) {
                    continue;
                }
                int at = rowStart + t * dim;
                for (int d = 0; d < dim; d++) {
                    sum[d] += hidden.get(at + d);
                }
                count++;
            }
            for (int d = 0; d < dim; d++) {
                out[d] = count == 0 ? 0f : (float) (sum[d] / count);
            }
        }
    };

    /**
     * Pools one row of a {@code [batch, columns, dim]} output into {@code out}.
     *
     * @param rowStart  flat index of the row's first hidden value
     * @param maskStart flat index of the row's first attention-mask value
     */
    abstract void pool(FloatBuffer hidden, int rowStart, int dim, long[] mask, int maskStart, int columns, float[] out);

    /** Scales {@code v} to unit length in place (a zero vector stays zero), so a dot product is a cosine. */
    public static void l2Normalize(float[] v) {
        double norm = 0;
        for (float x : v) {
            norm += (double) x * x;
        }
        norm = Math.sqrt(norm);
        if (norm > 0) {
            for (int i = 0; i < v.length; i++) {
                v[i] = (float) (v[i] / norm);
            }
        }
    }
}
