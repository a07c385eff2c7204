package org.llmrerank.rescorer.strategy;

import java.util.Comparator;
import java.util.List;
import java.util.stream.IntStream;
import org.llmrerank.estimator.RerankMethod;
import org.llmrerank.rescorer.ModelException;

/**
 * pairwise.allpair (PRP pairwise prompt, as in the Setwise paper): every unordered pair asked in both orders; a consistent winner gets 1
 * point, an inconsistent pair gives both 0.5; rank by points, ties in first-stage order. Each of
 * the two prompts of a pair counts as one call, as E2R counts them (n·(n−1) calls, E2R-FLOPs, prompt and output tokens per method); the
 * two run through {@link PairwiseModel#compareBothOrders} so a model may batch them.
 */
public final class PairwiseAllPair extends TracedStrategy {

    private final PairwiseModel model;

    public PairwiseAllPair(PairwiseModel model) {
        super(RerankMethod.PAIRWISE_ALLPAIR, java.util.Objects.requireNonNull(model, "model").name());
        this.model = model;
    }

    @Override
    protected StrategyResult rank(String query, List<String> passages, int topK, TraceRecorder trace) throws ModelException {
        int n = passages.size();
        double[] points = new double[n];
        for (int i = 0; i < n; i++) {
            for (int j = i + 1; j < n; j++) {
                PairwiseVerdict v = model.compareBothOrders(query, passages.get(i), passages.get(j));
                trace.record(new int[] {i, j}, v.cost(), v.certainty(), 2);
                switch (v.outcome()) {
                    case FIRST_WINS -> points[i] += 1;
                    case SECOND_WINS -> points[j] += 1;
                    case TIE -> {
                        points[i] += 0.5;
                        points[j] += 0.5;
                    }
                }
            }
        }
        int[] order = IntStream.range(0, n).boxed()
                .sorted(Comparator.<Integer>comparingDouble(p -> -points[p]).thenComparingInt(p -> p))
                .mapToInt(Integer::intValue).toArray();
        return new StrategyResult(order, trace.finish());
    }
}
