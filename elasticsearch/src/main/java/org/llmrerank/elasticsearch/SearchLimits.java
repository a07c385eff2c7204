package org.llmrerank.elasticsearch;

import org.elasticsearch.core.TimeValue;

/** The cluster-wide ceilings and defaults a search is resolved against; replaced whole when a setting changes. */
public record SearchLimits(int maxWindow, TimeValue defaultTimeout, int maxQueryChars, int maxPassageChars) {

    SearchLimits withMaxWindow(int v) { return new SearchLimits(v, defaultTimeout, maxQueryChars, maxPassageChars); }
    SearchLimits withDefaultTimeout(TimeValue v) { return new SearchLimits(maxWindow, v, maxQueryChars, maxPassageChars); }
    SearchLimits withMaxQueryChars(int v) { return new SearchLimits(maxWindow, defaultTimeout, v, maxPassageChars); }
    SearchLimits withMaxPassageChars(int v) { return new SearchLimits(maxWindow, defaultTimeout, maxQueryChars, v); }
}
