package org.llmrerank.rest.stats;

import java.util.Objects;

/**
 * One model's state on one node, as read (not counted) when the stats are asked for.
 *
 * @param state       loaded, failed or not_loaded
 * @param weightBytes the model's weights in memory (0 unless loaded)
 * @param loadMillis  how long its last load took; null if it never loaded. Means nothing summed over nodes.
 * @param lastError   why its last load failed; null if it did not
 */
public record ModelGauge(String state, long weightBytes, Long loadMillis, String lastError) {

    public ModelGauge {
        Objects.requireNonNull(state, "state");
    }
}
