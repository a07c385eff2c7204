package org.llmrerank.rest.stats;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Gauges of this node's serving state that are read, not counted: the inference executor (queue
 * depth, active calls, rejections) and each model's load state and memory. The plugin owns the
 * executor and the models, so it hands in the suppliers; this class is a concrete type because
 * OpenSearch binds plugin components by their class for injection into transport actions.
 */
public final class NodeRuntimeStats {

    private final Supplier<Map<String, Object>> inference;
    private final Supplier<Map<String, Object>> models;

    public NodeRuntimeStats(Supplier<Map<String, Object>> inference, Supplier<Map<String, Object>> models) {
        this.inference = inference;
        this.models = models;
    }

    /** No executor, no models: for nodes (and tests) that serve nothing. */
    public static NodeRuntimeStats none() {
        return new NodeRuntimeStats(Map::of, Map::of);
    }

    /** Adds {@code inference} and {@code models} sections to a node's snapshot. */
    public Map<String, Object> addTo(Map<String, Object> snapshot) {
        Map<String, Object> out = new LinkedHashMap<>(snapshot);
        out.put("inference", new LinkedHashMap<>(inference.get()));
        out.put("models", new LinkedHashMap<>(models.get()));
        return out;
    }
}
