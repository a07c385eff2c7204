package org.llmrerank.rescorer.strategy;

import org.llmrerank.estimator.RerankMethod;
import org.llmrerank.rescorer.Strategy;

/** Maps the estimator's method names onto the clause's {@link Strategy} values. */
public final class ClauseStrategies {

    private ClauseStrategies() {}

    /**
     * The method that runs a fixed clause strategy on {@code model}; empty when the model cannot run it. The clause's
     * {@code listwise} is the model's own listwise method (RankGPT generation) if it has one, else listwise.likelihood
     * over its setwise scorer; {@code pointwise} is the model's pointwise method.
     */
    public static java.util.Optional<RerankMethod> methodFor(Strategy strategy, AvailableModel model) {
        java.util.Set<RerankMethod> can = model.methods();
        java.util.Optional<RerankMethod> m = switch (strategy) {
            case AUTO -> java.util.Optional.empty();
            case POINTWISE -> java.util.Optional.ofNullable(model.pointwiseMethod());
            case LISTWISE -> model.listwise() != null ? java.util.Optional.of(model.listwise().method())
                : java.util.Optional.of(RerankMethod.LISTWISE_LIKELIHOOD);
            default -> java.util.Arrays.stream(RerankMethod.values())
                .filter(r -> r != RerankMethod.TOURRANK && r != RerankMethod.ICR && of(r) == strategy).findFirst();
        };
        return m.filter(can::contains);
    }

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
