package org.llmrerank.plugin;

import org.opensearch.common.unit.TimeValue;

/**
 * The cluster's ceilings on one search's rerank, read together so that a search sees one consistent set.
 *
 * @param maxWindow       largest {@code window_size}
 * @param defaultTimeout  model deadline when the clause has none
 * @param maxQueryChars   longest text to rerank for
 * @param maxPassageChars characters of a hit's field the model reads
 */
record SearchLimits(int maxWindow, TimeValue defaultTimeout, int maxQueryChars, int maxPassageChars) {

    SearchLimits withMaxWindow(int v) {
        return new SearchLimits(v, defaultTimeout, maxQueryChars, maxPassageChars);
    }

    SearchLimits withDefaultTimeout(TimeValue v) {
        return new SearchLimits(maxWindow, v, maxQueryChars, maxPassageChars);
    }

    SearchLimits withMaxQueryChars(int v) {
        return new SearchLimits(maxWindow, defaultTimeout, v, maxPassageChars);
    }

    SearchLimits withMaxPassageChars(int v) {
        return new SearchLimits(maxWindow, defaultTimeout, maxQueryChars, v);
    }
}
