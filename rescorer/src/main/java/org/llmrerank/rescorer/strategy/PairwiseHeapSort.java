package org.llmrerank.rescorer.strategy;

import java.util.List;
import org.llmrerank.estimator.RerankMethod;
import org.llmrerank.rescorer.ModelException;

/**
 * pairwise.heapsort (PRP pairwise prompt, as in the Setwise paper): a binary max-heap whose {@code >} is a PRP comparison in both orders
 * (one call). Stops after {@code topK} extractions; the rest keeps first-stage order. Calls lie in
 * {@link org.llmrerank.estimator.CallCounts#pairwiseHeapSort}'s [min, max].
 */
public final class PairwiseHeapSort extends TracedStrategy {

    private final PairwiseModel model;

    public PairwiseHeapSort(PairwiseModel model) {
        super(RerankMethod.PAIRWISE_HEAPSORT, java.util.Objects.requireNonNull(model, "model").name());
        this.model = model;
    }

    @Override
    protected StrategyResult rank(String query, List<String> passages, int topK, TraceRecorder trace) throws ModelException {
        PairwiseComparison cmp = new PairwiseComparison(model, query, passages, trace);
        int n = passages.size();
        int[] arr = Rankings.identity(n);
        for (int i = n / 2; i >= 0; i--) {
            heapify(cmp, arr, n, i);
        }
        int ranked = 0;
        for (int i = n - 1; i > 0; i--) {
            Rankings.swap(arr, 0, i);
            ranked++;
            if (ranked == topK) {
                trace.earlyStop("top-" + topK + " extracted from a heap of " + n);
                break;
            }
            heapify(cmp, arr, i, 0);
        }
        int[] top = new int[Math.min(topK, n)];
        for (int j = 0; j < top.length; j++) {
            top[j] = arr[n - 1 - j];
        }
        return new StrategyResult(Rankings.topThenFirstStage(top, n), trace.finish());
    }

    /** One comparison per existing child: left against the parent, right against the larger. */
    private static void heapify(PairwiseComparison cmp, int[] arr, int size, int i) throws ModelException {
        int largest = i;
        int left = 2 * i + 1;
        int right = 2 * i + 2;
        if (left < size && cmp.greater(arr[left], arr[largest])) {
            largest = left;
        }
        if (right < size && cmp.greater(arr[right], arr[largest])) {
            largest = right;
        }
        if (largest != i) {
            Rankings.swap(arr, i, largest);
            heapify(cmp, arr, size, largest);
        }
    }
}
