package org.llmrerank.rescorer.strategy;

import java.util.Arrays;
import java.util.List;
import org.llmrerank.rescorer.ModelException;

/**
 * Sliding-window listwise reranking (RankGPT; RankGPT listwise, as in the Setwise paper): per pass, windows [start, start + window)
 * for start = n − window, n − window − step, ... while start ≥ 0, bottom first, so strong passages
 * climb across windows; {@code repeats} passes. Like the reference, positions above the last window
 * (when (n − window) is not a multiple of step) are not reranked. Fewer passages than the window:
 * one window over all of them per pass (as {@link org.llmrerank.estimator.CallCounts#listwise} counts).
 *
 * <p>{@code stopWhenTopKStable} is an EXTRAPOLATION (Dynasor's certaindex carried over to reranking: our extension, in no paper): after each pass
 * compare the top-k with the previous pass's and stop when it did not change. Off by default, because
 * it makes the call count answer-dependent.
 */
public final class ListwiseSlidingWindow extends TracedStrategy {

    private final ListwiseModel model;
    private final int window;
    private final int step;
    private final int repeats;
    private final boolean stopWhenTopKStable;

    public ListwiseSlidingWindow(ListwiseModel model, int window, int step, int repeats, boolean stopWhenTopKStable) {
        super(model.method(), model.name());
        if (window < 2 || step < 1 || repeats < 1) {
            throw new IllegalArgumentException("listwise needs window >= 2, step >= 1, repeats >= 1; got window="
                    + window + ", step=" + step + ", repeats=" + repeats);
        }
        if (window > model.maxWindow()) {
            throw new IllegalArgumentException("model [" + model.name() + "] ranks at most " + model.maxWindow()
                    + " passages per call, window is " + window);
        }
        this.model = model;
        this.window = window;
        this.step = step;
        this.repeats = repeats;
        this.stopWhenTopKStable = stopWhenTopKStable;
    }

    public ListwiseSlidingWindow(ListwiseModel model, int window, int step, int repeats) {
        this(model, window, step, repeats, false);
    }

    @Override
    protected StrategyResult rank(String query, List<String> passages, int topK, TraceRecorder trace) throws ModelException {
        int n = passages.size();
        int[] r = Rankings.identity(n);
        if (n < 2) {
            return new StrategyResult(r, trace.finish());
        }
        int[] previousTop = null;
        for (int pass = 0; pass < repeats; pass++) {
            if (n < window) {
                rankWindow(query, passages, r, 0, n, trace);
            } else {
                for (int start = n - window, end = n; start >= 0; start -= step, end -= step) {
                    rankWindow(query, passages, r, start, end, trace);
                }
            }
            int[] top = Arrays.copyOf(r, Math.min(topK, n));
            if (stopWhenTopKStable && Arrays.equals(top, previousTop) && pass + 1 < repeats) {
                trace.earlyStop("EXTRAPOLATION: top-" + topK + " unchanged after pass " + (pass + 1) + " of " + repeats);
                break;
            }
            previousTop = top;
        }
        return new StrategyResult(r, trace.finish());
    }

    private void rankWindow(String query, List<String> passages, int[] r, int start, int end, TraceRecorder trace)
            throws ModelException {
        int[] group = Arrays.copyOfRange(r, start, end);
        ListwiseJudgement j = model.rankWindow(query, Rankings.texts(passages, group));
        int[] order;
        try {
            order = j.windowOrder(group);
        } catch (IllegalArgumentException e) {
            throw new ModelException("model [" + model.name() + "]: " + e.getMessage(), e);
        }
        trace.record(group, j.cost(), j.certainty(), 1);
        for (int i = 0; i < order.length; i++) {
            r[start + i] = group[order[i]];
        }
    }
}
