package org.llmrerank.routing.runtime;

import java.util.List;

/**
 * What one encoder request produced and spent.
 *
 * @param embeddings   one unit-length vector per input, in input order
 * @param countedFlops matmul and attention FLOPs executed for the request, padding included (see {@link FlopsCounter})
 * @param path         the layer path every sequence of the request took
 * @param paddedTokens tokens the engine processed, padding included (rows x columns summed over batches)
 */
public record EncodedBatch(float[][] embeddings, double countedFlops, LayerPath path, long paddedTokens) {

    /** Layer applications per sequence (repeats counted twice). */
    public int executedLayers() {
        return path.applications();
    }

    public List<Integer> executedPath() {
        return path.layers();
    }
}
