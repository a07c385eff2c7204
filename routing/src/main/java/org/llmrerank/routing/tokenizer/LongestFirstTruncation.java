package org.llmrerank.routing.tokenizer;

/**
 * How many tokens of each sequence survive Hugging Face's {@code LongestFirst} truncation
 * (right direction, no stride), special tokens already subtracted from the budget.
 * The arithmetic is the reference's ({@code utils/truncation.rs}), so pairs are cut exactly
 * where Hugging Face cuts them.
 */
final class LongestFirstTruncation {

    private LongestFirstTruncation() {}

    /** Single sequence: keep the first {@code budget} tokens. */
    static int single(int n, int budget) {
        return Math.min(n, budget);
    }

    /**
     * Pair: if both fit, keep both; else shorten only the longer one if that suffices, otherwise
     * split the budget in halves (the longer one gets the odd token).
     *
     * @return {@code {keptFirst, keptSecond}}
     */
    static int[] pair(int n1, int n2, int budget) {
        if (n1 + n2 <= budget) {
            return new int[] {n1, n2};
        }
        boolean swap = n1 > n2;
        int shorter = swap ? n2 : n1;
        int longer;
        if (shorter > budget) {
            longer = shorter;
        } else {
            longer = Math.max(shorter, budget - shorter);
        }
        if (shorter + longer > budget) {
            shorter = budget / 2;
            longer = shorter + budget % 2;
        }
        int first = swap ? longer : shorter;
        int second = swap ? shorter : longer;
        return new int[] {Math.min(n1, first), Math.min(n2, second)};
    }
}
