package org.llmrerank.scheduler;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * A lock-free latency histogram with exponential buckets (ratio 1.25 from 0.5 ms, so any percentile
 * is known to within 25%). Buckets of several nodes add up, so cluster percentiles come from the
 * merged buckets, never from averaging node percentiles.
 */
public final class LatencyHistogram {

    static final double FIRST_UPPER_MS = 0.5;
    static final double RATIO = 1.25;
    /** 0.5 ms * 1.25^80 is about 28 hours: everything lands in a bucket. */
    static final int BUCKETS = 81;

    private final AtomicLongArray counts = new AtomicLongArray(BUCKETS);

    public void record(double millis) {
        counts.incrementAndGet(bucketOf(millis));
    }

    static int bucketOf(double millis) {
        if (millis <= FIRST_UPPER_MS) {
            return 0;
        }
        int b = (int) Math.ceil(Math.log(millis / FIRST_UPPER_MS) / Math.log(RATIO));
        return Math.min(BUCKETS - 1, b);
    }

    static double upperBoundMs(int bucket) {
        return FIRST_UPPER_MS * Math.pow(RATIO, bucket);
    }

    /** Non-empty buckets as {"index": count}, the form merged across nodes. */
    public Map<String, Object> buckets() {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < BUCKETS; i++) {
            long c = counts.get(i);
            if (c > 0) {
                m.put(Integer.toString(i), c);
            }
        }
        return m;
    }

    public void reset() {
        for (int i = 0; i < BUCKETS; i++) {
            counts.set(i, 0);
        }
    }

    /**
     * The upper bound of the bucket holding the q-th quantile (0 &lt; q &lt;= 1) of merged buckets;
     * null when there is no sample.
     */
    public static Double percentileMs(Map<String, Object> buckets, double q) {
        long total = 0;
        long[] c = new long[BUCKETS];
        for (Map.Entry<String, Object> e : buckets.entrySet()) {
            int i = Integer.parseInt(e.getKey());
            c[i] = ((Number) e.getValue()).longValue();
            total += c[i];
        }
        if (total == 0) {
            return null;
        }
        long rank = (long) Math.ceil(q * total);
        long seen = 0;
        for (int i = 0; i < BUCKETS; i++) {
            seen += c[i];
            if (seen >= rank) {
                return upperBoundMs(i);
            }
        }
        return upperBoundMs(BUCKETS - 1);
    }
}
