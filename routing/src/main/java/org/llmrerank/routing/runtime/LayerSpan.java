package org.llmrerank.routing.runtime;

import java.util.ArrayList;
import java.util.List;

/**
 * Consecutive encoder layers {@code from..to} run as one graph, so one ONNX Runtime call does the work of
 * {@code to - from + 1} per-layer calls (each call has a fixed cost: binding, planning, waking threads, an output
 * tensor). A path is cut into spans where it stops ascending by one: {@code [0..4, 7..11]} is two spans,
 * {@code [0, 1, 1, 2]} is {@code [0..1]} and {@code [1..2]} (a repeat reads the layer's own output, which one graph of
 * distinct layers cannot wire).
 *
 * @param fromEmbeddings    whether the span starts at the token ids (the embeddings run in the same call)
 * @param firstPositionLast whether its last layer computes the first position only (the path's last layer under CLS
 *                          pooling)
 */
public record LayerSpan(int from, int to, boolean fromEmbeddings, boolean firstPositionLast) {

    public LayerSpan {
        if (from < 0 || to < from) {
            throw new IllegalArgumentException("a span runs layers from..to with 0 <= from <= to, got " + from + ".." + to);
        }
    }

    public int layers() {
        return to - from + 1;
    }

    /**
     * {@code path} as the spans that run it in order, after the embeddings ran; the last computes the first position
     * only when {@code firstPositionLast}. An empty path has no span.
     */
    public static List<LayerSpan> of(LayerPath path, boolean firstPositionLast) {
        List<Integer> layers = path.layers();
        List<LayerSpan> spans = new ArrayList<>();
        int start = 0;
        for (int i = 1; i <= layers.size(); i++) {
            if (i == layers.size() || layers.get(i) - layers.get(i - 1) != 1) {
                boolean last = i == layers.size();
                spans.add(new LayerSpan(layers.get(start), layers.get(i - 1), false, last && firstPositionLast));
                start = i;
            }
        }
        return List.copyOf(spans);
    }

    @Override
    public String toString() {
        return (fromEmbeddings ? "embeddings+" : "") + from + ".." + to + (firstPositionLast ? " (first position)" : "");
    }
}
