package org.llmrerank.rescorer.strategy;

import org.llmrerank.estimator.StrategyCost;

/** Which predicted cost must fit the budget. */
public enum BudgetFit {
    /** The expected cost: heapsort may overspend when the model's answers sink many heapifies. */
    EXPECTED,
    /**
     * The most any answers can cost (max calls, each at its largest prompt): a budget that is a
     * ceiling, as a cluster-wide one is, is never exceeded by call count. Prompt lengths still use
     * the request's mean passage length.
     */
    WORST_CASE;

    public double of(StrategyCost c) {
        return this == EXPECTED ? c.flops() : c.maxFlops();
    }
}
