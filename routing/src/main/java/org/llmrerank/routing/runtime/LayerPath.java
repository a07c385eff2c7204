package org.llmrerank.routing.runtime;

import java.util.ArrayList;
import java.util.List;

/**
 * The order in which transformer blocks run for one forward pass (Dr.LLM): one entry per
 * application, so a skipped layer is absent and a repeated one appears twice in a row. The full
 * model is {@code [0, 1, ..., L-1]}. Shared by the runtime, the FLOPs counter and the estimator's
 * {@code FlopsEstimator.routed}, so all three agree on what ran.
 */
public record LayerPath(List<Integer> layers) {

    public LayerPath {
        layers = List.copyOf(layers); // rejects nulls
        for (int layer : layers) {
            if (layer < 0) {
                throw new IllegalArgumentException("layer indices are non-negative: " + layers);
            }
        }
    }

    public static LayerPath of(Integer... layers) {
        return new LayerPath(List.of(layers));
    }

    /** Every layer once, in order. */
    public static LayerPath full(int layerCount) {
        List<Integer> all = new ArrayList<>(layerCount);
        for (int i = 0; i < layerCount; i++) {
            all.add(i);
        }
        return new LayerPath(all);
    }

    /** Layer applications, repeats counted twice. */
    public int applications() {
        return layers.size();
    }

    /** Throws unless every index exists in a model of {@code layerCount} layers. */
    public LayerPath requireWithin(int layerCount) {
        for (int layer : layers) {
            if (layer >= layerCount) {
                throw new IllegalArgumentException("path " + layers + " names layer " + layer
                        + ", the model has layers 0.." + (layerCount - 1));
            }
        }
        return this;
    }

    @Override
    public String toString() {
        return layers.toString();
    }
}
