package org.llmrerank.estimator;

/**
 * How many model calls a reranking method makes for one query, and how many passages each call
 * carries (which decides its prompt length).
 *
 * @param expected         calls to plan with: exact when {@link #exact()}, otherwise the mean under the
 *                         model documented by the method that produced it
 * @param min              fewest calls any sequence of model answers can lead to
 * @param max              most calls any sequence of model answers can lead to
 * @param passagesPerCall  mean passages per call at {@code expected}
 * @param maxPassagesPerCall passages in the largest call (upper-bound FLOPs use it)
 */
public record CallCount(double expected, long min, long max, double passagesPerCall, int maxPassagesPerCall) {

    public CallCount {
        if (min < 0 || max < min || expected < min - 1e-9 || expected > max + 1e-9) {
            throw new IllegalArgumentException("inconsistent call count: min=" + min + " expected=" + expected
                    + " max=" + max);
        }
    }

    /** A count that does not depend on the model's answers. */
    public static CallCount exact(long calls, double passagesPerCall, int maxPassagesPerCall) {
        return new CallCount(calls, calls, calls, passagesPerCall, maxPassagesPerCall);
    }

    public boolean exact() {
        return min == max;
    }
}
