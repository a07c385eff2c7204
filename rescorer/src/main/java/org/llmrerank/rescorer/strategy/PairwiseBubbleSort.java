package org.llmrerank.rescorer.strategy;

import java.util.List;
import org.llmrerank.estimator.RerankMethod;
import org.llmrerank.rescorer.ModelException;

/**
 * pairwise.bubblesort (PRP pairwise prompt, as in the Setwise paper): pass i compares adjacent passages from the bottom up to position i
 * and swaps when the lower one wins; {@code topK} passes. Without llm-rankers' {@code last_end}
 * tail skip, so calls equal {@link org.llmrerank.estimator.CallCounts#pairwiseBubbleSort} exactly.
 */
public final class PairwiseBubbleSort extends TracedStrategy {

    private final PairwiseModel model;

    public PairwiseBubbleSort(PairwiseModel model) {
        super(RerankMethod.PAIRWISE_BUBBLESORT, java.util.Objects.requireNonNull(model, "model").name());
        this.model = model;
    }

    @Override
    protected StrategyResult rank(String query, List<String> passages, int topK, TraceRecorder trace) throws ModelException {
        PairwiseComparison cmp = new PairwiseComparison(model, query, passages, trace);
        int n = passages.size();
        int[] r = Rankings.identity(n);
        int passes = Math.min(topK, n - 1);
        for (int i = 0; i < passes; i++) {
            for (int j = n - 1; j > i; j--) {
                if (cmp.greater(r[j], r[j - 1])) {
                    Rankings.swap(r, j, j - 1);
                }
            }
        }
        if (passes < n - 1) {
            trace.earlyStop("top-" + topK + " placed after " + passes + " of " + (n - 1) + " passes");
        }
        return new StrategyResult(Rankings.topThenFirstStage(java.util.Arrays.copyOf(r, Math.min(topK, n)), n),
                trace.finish());
    }
}
