package org.llmrerank.charts;

/**
 * One point of the scheduler's load test: a burst of searches arriving at {@code rate} under one policy.
 *
 * @param attainment share of searches answered with the model's ranking within their deadline
 * @param ndcgAt10   mean NDCG@10 of the point's searches (fallbacks score the first stage)
 */
public record LoadPoint(String policy, double rate, double attainment, double ndcgAt10, double latencyMsP50, double latencyMsP95) {

    /** Searches per second answered with the model's ranking within the deadline. */
    public double goodput() {
        return attainment * rate;
    }
}
