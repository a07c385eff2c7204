package org.llmrerank.rest.clause;

/**
 * The cluster's ceilings and defaults a search's clause is resolved against, read together so that a search sees one
 * consistent set; replaced whole when a setting changes.
 *
 * @param maxWindow           largest window a search may ask the model to rerank
 * @param defaultTimeoutNanos model deadline when the clause has none
 * @param maxQueryChars       longest text to rerank for
 * @param maxPassageChars     characters of a hit's field the model reads
 */
public record SearchLimits(int maxWindow, long defaultTimeoutNanos, int maxQueryChars, int maxPassageChars) {

    public SearchLimits withMaxWindow(int v) { return new SearchLimits(v, defaultTimeoutNanos, maxQueryChars, maxPassageChars); }
    public SearchLimits withDefaultTimeoutNanos(long v) { return new SearchLimits(maxWindow, v, maxQueryChars, maxPassageChars); }
    public SearchLimits withMaxQueryChars(int v) { return new SearchLimits(maxWindow, defaultTimeoutNanos, v, maxPassageChars); }
    public SearchLimits withMaxPassageChars(int v) { return new SearchLimits(maxWindow, defaultTimeoutNanos, maxQueryChars, v); }
}
