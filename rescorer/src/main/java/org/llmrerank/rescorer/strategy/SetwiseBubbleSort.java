package org.llmrerank.rescorer.strategy;

import java.util.List;
import org.llmrerank.estimator.RerankMethod;
import org.llmrerank.rescorer.ModelException;

/**
 * setwise.bubblesort (Setwise paper, setwise prompt): pass i slides a window of c = numChild + 1 passages from the bottom
 * up to position i, moving each window's winner to the window's first slot, so the best remaining
 * passage reaches position i. {@code topK} passes, the rest in first-stage order.
 *
 * <p>Unlike llm-rankers this does not skip a pass's unchanged tail ({@code last_start}): every pass
 * starts at the bottom, so the call count is exactly
 * {@link org.llmrerank.estimator.CallCounts#setwiseBubbleSort} and cost is known before running.
 */
public final class SetwiseBubbleSort extends TracedStrategy {

    private final SetwiseModel model;
    private final int numChild;

    public SetwiseBubbleSort(SetwiseModel model, int numChild) {
        super(RerankMethod.SETWISE_BUBBLESORT, java.util.Objects.requireNonNull(model, "model").name());
        this.model = model;
        this.numChild = SetwiseModel.requireNumChild(numChild);
    }

    @Override
    protected StrategyResult rank(String query, List<String> passages, int topK, TraceRecorder trace) throws ModelException {
        int n = passages.size();
        int[] r = Rankings.identity(n);
        int passes = Math.min(topK, n - 1);
        for (int i = 0; i < passes; i++) {
            int start = n - (numChild + 1);
            int end = n;
            while (true) {
                start = Math.max(start, i);
                int[] window = java.util.Arrays.copyOfRange(r, start, end);
                SetwiseJudgement j = model.chooseMostRelevant(query, Rankings.texts(passages, window));
                if (j.labels() != window.length) {
                    throw new ModelException("model [" + model.name() + "] returned " + j.labels()
                            + " likelihoods for " + window.length + " passages");
                }
                trace.record(window, j.cost(), j.certainty(), 1);
                int best = j.winner(window);
                if (best != 0) {
                    Rankings.swap(r, start, start + best);
                }
                if (start == i) {
                    break;
                }
                start -= numChild;
                end -= numChild;
            }
        }
        if (passes < n - 1) {
            trace.earlyStop("top-" + topK + " placed after " + passes + " of " + (n - 1) + " passes");
        }
        return new StrategyResult(Rankings.topThenFirstStage(java.util.Arrays.copyOf(r, Math.min(topK, n)), n),
                trace.finish());
    }
}
