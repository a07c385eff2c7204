package org.llmrerank.rest.stats;

import java.util.Map;
import java.util.function.Supplier;

/**
 * Gauges of this node's serving state that are read, not counted: the inference executor (queue
 * depth, active calls, rejections) and each model's load state and memory. The plugin owns the
 * executor and the models, so it hands in the suppliers; this class is a concrete type because
 * OpenSearch binds plugin components by their class for injection into transport actions.
 */
public final class NodeRuntimeStats {

    private final Supplier<CounterGroup> inference;
    private final Supplier<Map<String, ModelGauge>> models;

    public NodeRuntimeStats(Supplier<CounterGroup> inference, Supplier<Map<String, ModelGauge>> models) {
        this.inference = inference;
        this.models = models;
    }

    /** No executor, no models: for nodes (and tests) that serve nothing. */
    public static NodeRuntimeStats none() {
        return new NodeRuntimeStats(() -> CounterGroup.EMPTY, Map::of);
    }

    /** A node's counters with its gauges as they read now. */
    public NodeStats addTo(RerankStats counters) {
        return new NodeStats(counters, inference.get(), models.get());
    }
}
