package org.llmrerank.rescorer.strategy;

import java.util.Arrays;
import java.util.List;
import org.llmrerank.estimator.RerankMethod;
import org.llmrerank.rescorer.ModelException;

/**
 * setwise.heapsort (Setwise paper, setwise prompt, llm-rankers' heapSort): an n-ary max-heap with fan-out {@code numChild}
 * whose comparison is one setwise call over a parent and its children. Stops after {@code topK}
 * extractions; the rest keeps first-stage order. The call count depends on the answers and lies in
 * {@link org.llmrerank.estimator.CallCounts#setwiseHeapSort}'s [min, max].
 */
public final class SetwiseHeapSort extends TracedStrategy {

    private final SetwiseModel model;
    private final int numChild;

    public SetwiseHeapSort(SetwiseModel model, int numChild) {
        super(RerankMethod.SETWISE_HEAPSORT, java.util.Objects.requireNonNull(model, "model").name());
        this.model = model;
        this.numChild = SetwiseModel.requireNumChild(numChild);
    }

    @Override
    protected StrategyResult rank(String query, List<String> passages, int topK, TraceRecorder trace) throws ModelException {
        Run run = new Run(query, passages, trace);
        int n = passages.size();
        int[] arr = Rankings.identity(n);
        for (int i = n / numChild; i >= 0; i--) {
            run.heapify(arr, n, i);
        }
        int ranked = 0;
        for (int i = n - 1; i > 0; i--) {
            Rankings.swap(arr, 0, i);
            ranked++;
            if (ranked == topK) {
                run.trace.earlyStop("top-" + topK + " extracted from a heap of " + n);
                break;
            }
            run.heapify(arr, i, 0);
        }
        // extracted maxima sit at the end of the array, best last
        int[] top = new int[Math.min(topK, n)];
        for (int j = 0; j < top.length; j++) {
            top[j] = arr[n - 1 - j];
        }
        return new StrategyResult(Rankings.topThenFirstStage(top, n), run.trace.finish());
    }

    private final class Run {
        final String query;
        final List<String> passages;
        final TraceRecorder trace;

        Run(String query, List<String> passages, TraceRecorder trace) {
            this.query = query;
            this.passages = passages;
            this.trace = trace;
        }

        /** One call over [arr[i]] + children (label A = parent); sinks the parent if a child wins. */
        void heapify(int[] arr, int size, int i) throws ModelException {
            int first = numChild * i + 1;
            if (first >= size) {
                return;
            }
            int last = Math.min(numChild * (i + 1) + 1, size);
            int[] group = new int[1 + last - first];
            group[0] = arr[i];
            System.arraycopy(arr, first, group, 1, last - first);
            SetwiseJudgement j = model.chooseMostRelevant(query, Rankings.texts(passages, group));
            if (j.labels() != group.length) {
                throw new ModelException("model [" + model.name() + "] returned " + j.labels() + " likelihoods for "
                        + group.length + " passages " + Arrays.toString(group));
            }
            trace.record(group, j.cost(), j.certainty(), 1);
            int best = j.winner(group);
            if (best != 0) {
                int child = first + best - 1;
                Rankings.swap(arr, i, child);
                heapify(arr, size, child);
            }
        }
    }
}
