package org.llmrerank.rest.stats;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The nodes' stats added up: counters and executor gauges summed, ratios recomputed from the sums (see
 * {@link SliceStats}), latency percentiles from the merged histograms. Of the model gauges only the memory adds up: a
 * load state or load time means nothing summed.
 *
 * @param counters         null when no node answered
 * @param modelWeightBytes each model's weights in memory over all nodes
 */
public record ClusterStats(RerankStats counters, CounterGroup inference, Map<String, Long> modelWeightBytes) {

    public static ClusterStats of(List<NodeStats> nodes) {
        RerankStats counters = null;
        CounterGroup inference = CounterGroup.EMPTY;
        Map<String, Long> weights = new LinkedHashMap<>();
        for (NodeStats n : nodes) {
            counters = counters == null ? n.counters() : counters.plus(n.counters());
            inference = inference.plus(n.inference());
            n.models().forEach((name, g) -> weights.merge(name, g.weightBytes(), Long::sum));
        }
        return new ClusterStats(counters, inference, Collections.unmodifiableMap(weights));
    }

    public boolean isEmpty() {
        return counters == null;
    }
}
