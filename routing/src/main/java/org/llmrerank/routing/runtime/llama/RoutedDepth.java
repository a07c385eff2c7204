package org.llmrerank.routing.runtime.llama;

import java.util.List;
import org.llmrerank.routing.runtime.LayerPath;

/**
 * A Dr.LLM path as a decoder executes it: for every layer, how many times it runs (0 = skip,
 * 1 = execute, 2 = repeat), in layer order (Dr.LLM, router architecture). A {@link LayerPath} that reorders layers or
 * runs one more than twice has no such form and is refused: the KV cache keeps one slot per
 * (layer, application), which only this form makes well defined across decode steps.
 */
record RoutedDepth(int[] applications) {

    static RoutedDepth of(LayerPath path, int layers) {
        path.requireWithin(layers);
        int[] counts = new int[layers];
        int previous = -1;
        for (int layer : path.layers()) {
            if (layer < previous) {
                throw new IllegalArgumentException("decoder paths run layers in order (skip/execute/repeat); "
                        + path + " goes back to layer " + layer);
            }
            previous = layer;
            if (++counts[layer] > 2) {
                throw new IllegalArgumentException("decoder paths repeat a layer at most once (Dr.LLM); " + path
                        + " runs layer " + layer + " " + counts[layer] + " times");
            }
        }
        return new RoutedDepth(counts);
    }

    static RoutedDepth[] of(List<LayerPath> paths, int layers) {
        RoutedDepth[] out = new RoutedDepth[paths.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = of(paths.get(i), layers);
        }
        return out;
    }

    int applications(int layer) {
        return applications[layer];
    }

    /** Not yet decided: a router fills it layer by layer during prefill. */
    static RoutedDepth undecided(int layers) {
        return new RoutedDepth(new int[layers]);
    }

    void decide(int layer, int count) {
        applications[layer] = count;
    }

    LayerPath path() {
        List<Integer> layers = new java.util.ArrayList<>();
        for (int l = 0; l < applications.length; l++) {
            for (int a = 0; a < applications[l]; a++) {
                layers.add(l);
            }
        }
        return new LayerPath(layers);
    }
}
