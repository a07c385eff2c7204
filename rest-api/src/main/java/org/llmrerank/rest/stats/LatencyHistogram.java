package org.llmrerank.rest.stats;

import org.HdrHistogram.ConcurrentHistogram;

/**
 * Search latencies in an HdrHistogram: microseconds with three significant digits, so every percentile (and the
 * maximum) is within 0.1% of a latency that was recorded, never a bucket bound past the slowest search. Recording is
 * lock-free. {@link #snapshot} hands on an immutable copy; copies of several nodes add up, so cluster percentiles come
 * from the merged histogram, never from averaging node percentiles.
 */
public final class LatencyHistogram {

    static final int SIGNIFICANT_DIGITS = 3;

    private final ConcurrentHistogram micros = new ConcurrentHistogram(SIGNIFICANT_DIGITS);

    public void record(double millis) {
        micros.recordValue(Math.max(1, Math.round(millis * 1000)));
    }

    public Latencies snapshot() {
        return new Latencies(micros.copy());
    }

    public void reset() {
        micros.reset();
    }
}
