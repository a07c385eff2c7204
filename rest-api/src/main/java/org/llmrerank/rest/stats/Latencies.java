package org.llmrerank.rest.stats;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.zip.DataFormatException;
import org.HdrHistogram.Histogram;

/**
 * Recorded latencies, frozen: a copy of a {@link LatencyHistogram} that can be added to another node's, sent between
 * nodes in HdrHistogram's compressed encoding, and summarised as percentiles.
 */
public final class Latencies {

    private final Histogram micros;

    Latencies(Histogram micros) {
        this.micros = micros;
    }

    public static Latencies empty() {
        return new Latencies(new Histogram(LatencyHistogram.SIGNIFICANT_DIGITS));
    }

    /** Both sets of latencies in one histogram; neither operand changes. */
    public Latencies plus(Latencies other) {
        Histogram sum = micros.copy();
        sum.setAutoResize(true);
        sum.add(other.micros);
        return new Latencies(sum);
    }

    public long count() {
        return micros.getTotalCount();
    }

    /** count, p50, p90, p99 and max in milliseconds; the percentiles null when nothing was recorded. */
    public LatencySummary summary() {
        if (micros.getTotalCount() == 0) {
            return new LatencySummary(0, null, null, null, null);
        }
        return new LatencySummary(micros.getTotalCount(), millis(micros.getValueAtPercentile(50)), millis(micros.getValueAtPercentile(90)),
            millis(micros.getValueAtPercentile(99)), millis(micros.getMaxValue()));
    }

    private static double millis(long micros) {
        return micros / 1000.0;
    }

    /** HdrHistogram's compressed encoding: the form the latencies travel in between nodes. */
    public byte[] encoded() {
        ByteBuffer buffer = ByteBuffer.allocate(micros.getNeededByteBufferCapacity());
        int length = micros.encodeIntoCompressedByteBuffer(buffer);
        return Arrays.copyOf(buffer.array(), length);
    }

    public static Latencies decode(byte[] encoded) {
        try {
            Histogram h = Histogram.decodeFromCompressedByteBuffer(ByteBuffer.wrap(encoded), 0);
            h.setAutoResize(true);
            return new Latencies(h);
        } catch (DataFormatException | RuntimeException e) {
            throw new IllegalArgumentException("not a latency histogram: " + e.getMessage(), e);
        }
    }

    /** The percentiles of a set of latencies, in milliseconds. */
    public record LatencySummary(long count, Double p50, Double p90, Double p99, Double max) {}
}
