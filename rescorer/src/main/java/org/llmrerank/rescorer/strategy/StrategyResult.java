package org.llmrerank.rescorer.strategy;

/**
 * A strategy's ranking and what it cost.
 *
 * @param order first-stage positions in their new order, always a permutation of 0..n-1
 * @param trace the run's calls and totals
 */
public record StrategyResult(int[] order, StrategyTrace trace) {
    public StrategyResult {
        order = order.clone();
    }

    @Override
    public int[] order() {
        return order.clone();
    }
}
