package org.llmrerank.rescorer;

import java.util.List;

/**
 * One search's share of a grouped pointwise call ({@link RerankModel#scorePointwiseGroups}): its query and the
 * passages to score for it, in the order the scores come back.
 */
public record PointwiseGroup(String query, List<String> passages) {
    public PointwiseGroup {
        if (query == null) {
            throw new IllegalArgumentException("query must not be null");
        }
        if (passages == null) {
            throw new IllegalArgumentException("passages must not be null");
        }
        passages = List.copyOf(passages); // refuses null passages, like scorePointwise
    }
}
