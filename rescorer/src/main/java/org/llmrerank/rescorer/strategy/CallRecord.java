package org.llmrerank.rescorer.strategy;

/**
 * One model call a strategy made, for explain output and for checking counts against the estimator.
 *
 * @param index      0-based call number within the strategy run
 * @param passages   first-stage positions of the passages in the call, in prompt order
 * @param cost       what the call cost
 * @param certainty  the judgement's certainty in [0, 1], NaN when the model gives none
 * @param calls      calls in the estimator's unit this record stands for (pairwise.allpair counts each
 *                   of the two orders as one call, E2R-FLOPs, prompt and output tokens per method)
 */
public record CallRecord(int index, int[] passages, CallCost cost, double certainty, int calls) {
    public CallRecord {
        passages = passages.clone();
    }

    @Override
    public int[] passages() {
        return passages.clone();
    }
}
