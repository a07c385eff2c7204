package org.llmrerank.rescorer.strategy;

import org.llmrerank.estimator.RerankMethod;
import org.llmrerank.rescorer.Strategy;

/** Maps the estimator's method names onto the clause's {@link Strategy} values. */
public final class ClauseStrategies {

    private ClauseStrategies() {}

    /** The clause strategy that runs {@code method}; both listwise variants are the clause's {@code listwise}. */
    public static Strategy of(RerankMethod method) {
        return switch (method) {
            case POINTWISE_EMBEDDING -> Strategy.POINTWISE_EMBEDDING;
            case POINTWISE_YES_NO -> Strategy.POINTWISE_YES_NO;
            case POINTWISE_QLM -> Strategy.POINTWISE_QLM;
            case SETWISE_HEAPSORT -> Strategy.SETWISE_HEAPSORT;
            case SETWISE_BUBBLESORT -> Strategy.SETWISE_BUBBLESORT;
            case LISTWISE_GENERATION, LISTWISE_LIKELIHOOD -> Strategy.LISTWISE;
            case PAIRWISE_ALLPAIR -> Strategy.PAIRWISE_ALLPAIR;
            case PAIRWISE_HEAPSORT -> Strategy.PAIRWISE_HEAPSORT;
            case PAIRWISE_BUBBLESORT -> Strategy.PAIRWISE_BUBBLESORT;
            case TOURRANK, ICR -> throw new IllegalArgumentException(method + " has no clause strategy");
        };
    }
}
