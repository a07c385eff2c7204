package org.llmrerank.scheduler;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * FLOP/s this node sustains per model: seeded by the node-level capacity (a setting, or a start-up calibration),
 * then followed by an exponentially weighted mean of what model calls actually achieved (int8 graphs of different
 * models reach different FLOP/s on the same CPU).
 */
public final class CapacityEstimator {

    private static final double ALPHA = 0.2;
    private volatile double nodeFlopsPerSecond;
    private final Map<String, Double> perModel = new ConcurrentHashMap<>();

    public CapacityEstimator(double nodeFlopsPerSecond) {
        setNodeCapacity(nodeFlopsPerSecond);
    }

    public void setNodeCapacity(double flopsPerSecond) {
        if (!(flopsPerSecond > 0) || Double.isInfinite(flopsPerSecond)) {
            throw new IllegalArgumentException("capacity must be a positive number of FLOP/s, got " + flopsPerSecond);
        }
        this.nodeFlopsPerSecond = flopsPerSecond;
    }

    public double nodeCapacity() {
        return nodeFlopsPerSecond;
    }

    public double flopsPerSecond(String model) {
        return perModel.getOrDefault(model, nodeFlopsPerSecond);
    }

    /** Predicted wall time of {@code flops} on {@code model}. */
    public long nanos(String model, double flops) {
        return (long) (flops / flopsPerSecond(model) * 1e9);
    }

    /** A call of {@code model} did {@code flops} in {@code nanos}. */
    public void observe(String model, double flops, long nanos) {
        if (flops <= 0 || nanos <= 0) {
            return;
        }
        double rate = flops / (nanos / 1e9);
        perModel.merge(model, rate, (old, now) -> (1 - ALPHA) * old + ALPHA * now);
    }

    public Map<String, Double> snapshot() {
        return Map.copyOf(perModel);
    }
}
