package org.llmrerank.rescorer;

/**
 * What reranking one query's window produced.
 *
 * @param order          first-stage positions in their new order (a permutation of 0..n-1)
 * @param modelScores    model score per first-stage position; NaN where the passage had no text
 * @param strategy       the strategy that ran
 * @param scoredDocs     passages the model judged
 * @param estimatedFlops FLOPs the estimator predicts for what ran
 * @param countedFlops   FLOPs the runtime counted, -1 when it cannot count
 * @param inputTokens    tokens fed to the model
 * @param modelNanos     wall time spent inside the model
 */
public record RerankOutcome(
    int[] order,
    float[] modelScores,
    Strategy strategy,
    int scoredDocs,
    double estimatedFlops,
    double countedFlops,
    long inputTokens,
    long modelNanos
) {}
