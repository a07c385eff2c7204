package org.llmrerank.rest.stats;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * What one node reports: the counters of its rerank path and the gauges of its serving state (the inference executor,
 * each model's load state and memory).
 */
public record NodeStats(RerankStats counters, CounterGroup inference, Map<String, ModelGauge> models) {

    public NodeStats {
        Objects.requireNonNull(counters, "counters");
        Objects.requireNonNull(inference, "inference");
        models = Collections.unmodifiableMap(new LinkedHashMap<>(models));
    }
}
