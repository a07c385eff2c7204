package org.llmrerank.scheduler;

import java.nio.ByteBuffer;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.DataFormatException;
import org.HdrHistogram.ConcurrentHistogram;
import org.HdrHistogram.Histogram;

/**
 * Search latencies in an HdrHistogram: microseconds with three significant digits, so every percentile (and the
 * maximum) is within 0.1% of a latency that was recorded, never a bucket bound past the slowest search. Recording is
 * lock-free. A node hands its histogram on as a compressed base64 string; histograms of several nodes add up, so
 * cluster percentiles come from the merged histogram, never from averaging node percentiles.
 */
public final class LatencyHistogram {

    private static final int SIGNIFICANT_DIGITS = 3;

    private final ConcurrentHistogram micros = new ConcurrentHistogram(SIGNIFICANT_DIGITS);

    public void record(double millis) {
        micros.recordValue(Math.max(1, Math.round(millis * 1000)));
    }

    /** The histogram in its wire form (compressed, base64), the form merged across nodes. */
    public String encoded() {
        return encode(micros.copy());
    }

    public void reset() {
        micros.reset();
    }

    /** Two encoded histograms as one. */
    public static String merge(String a, String b) {
        Histogram sum = decode(a);
        sum.add(decode(b));
        return encode(sum);
    }

    private static String encode(Histogram h) {
        ByteBuffer buffer = ByteBuffer.allocate(h.getNeededByteBufferCapacity());
        int length = h.encodeIntoCompressedByteBuffer(buffer);
        return Base64.getEncoder().encodeToString(java.util.Arrays.copyOf(buffer.array(), length));
    }

    /** count, p50, p90, p99 and max in milliseconds; the percentiles null when nothing was recorded. */
    public static Map<String, Object> summary(String encoded) {
        Histogram h = decode(encoded);
        Map<String, Object> m = new LinkedHashMap<>();
        boolean empty = h.getTotalCount() == 0;
        m.put("count", h.getTotalCount());
        for (double p : new double[] {50, 90, 99}) {
            m.put("p" + (int) p, empty ? null : h.getValueAtPercentile(p) / 1000.0);
        }
        m.put("max", empty ? null : h.getMaxValue() / 1000.0);
        return m;
    }

    static Histogram decode(String encoded) {
        try {
            Histogram h = Histogram.decodeFromCompressedByteBuffer(ByteBuffer.wrap(Base64.getDecoder().decode(encoded)), 0);
            h.setAutoResize(true);
            return h;
        } catch (DataFormatException | IllegalArgumentException e) {
            throw new IllegalArgumentException("not a latency histogram: " + e.getMessage(), e);
        }
    }
}
