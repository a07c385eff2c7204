package org.llmrerank.rescorer.strategy;

import java.util.List;
import org.llmrerank.rescorer.ModelException;

/**
 * PRP's "x > y" (PRP pairwise prompt, as in the Setwise paper) as one recorded call: both prompt orders, x wins iff it is named in both.
 * An inconsistent pair (position bias) is a tie and goes to the first-stage order; llm-rankers
 * instead keeps whatever arrangement the sort happens to be in, which makes the result depend on
 * the sorting path rather than on the judgements alone.
 */
final class PairwiseComparison {

    private final PairwiseModel model;
    private final String query;
    private final List<String> passages;
    private final TraceRecorder trace;

    PairwiseComparison(PairwiseModel model, String query, List<String> passages, TraceRecorder trace) {
        this.model = model;
        this.query = query;
        this.passages = passages;
        this.trace = trace;
    }

    /** Whether the passage at first-stage position x is more relevant than the one at y. */
    boolean greater(int x, int y) throws ModelException {
        PairwiseVerdict v = model.compareBothOrders(query, passages.get(x), passages.get(y));
        trace.record(new int[] {x, y}, v.cost(), v.certainty(), 1);
        return switch (v.outcome()) {
            case FIRST_WINS -> true;
            case SECOND_WINS -> false;
            case TIE -> x < y;
        };
    }
}
