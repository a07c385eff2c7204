package org.llmrerank.rescorer;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.llmrerank.routing.Cancellation;

/**
 * Reranks a window of first-stage candidates by absolute pointwise model scores.
 *
 * <p>Ordering rules, chosen so that the result is a pure function of the inputs (Lucene's
 * QueryRescorer is the model): model score descending; equal scores keep first-stage order;
 * candidates without text are not sent to the model and follow all scored ones, in first-stage
 * order. Nothing is dropped or duplicated: the output is always a permutation of the input.
 *
 * <p>A finite FLOPs budget shortens the window from the bottom (see {@link WindowBudget}): passages
 * that do not fit are treated like passages without text. When not even one passage fits, the
 * model is not called at all and the outcome judges nothing.
 */
public final class PointwiseWindowReranker {

    private PointwiseWindowReranker() {}

    /**
     * @param texts passage text per first-stage position; null or blank = no text
     */
    public static RerankOutcome rerank(PointwiseModel model, Strategy strategy, String query, List<String> texts)
        throws ModelException {
        return rerank(model, strategy, query, texts, Double.POSITIVE_INFINITY);
    }

    public static RerankOutcome rerank(PointwiseModel model, Strategy strategy, String query, List<String> texts, double flopsBudget)
        throws ModelException {
        return rerank(model, strategy, query, texts, flopsBudget, new Cancellation());
    }

    /**
     * @param cancellation cancelled by a caller whose deadline passed: the model stops as soon as it can
     */
    public static RerankOutcome rerank(PointwiseModel model, Strategy strategy, String query, List<String> texts, double flopsBudget,
                                       Cancellation cancellation) throws ModelException {
        int n = texts.size();
        List<String> toScore = new ArrayList<>(n);
        int[] scoredPositions = new int[n];
        int scored = 0;
        for (int i = 0; i < n; i++) {
            String t = texts.get(i);
            if (t != null && t.isBlank() == false) {
                toScore.add(t);
                scoredPositions[scored++] = i;
            }
        }
        int withText = scored;
        boolean enforceable = true;
        if (Double.isInfinite(flopsBudget) == false && scored > 0) {
            var cost = model.estimatePointwise(query, toScore);
            if (cost.isPresent()) {
                scored = WindowBudget.fit(cost.get().fixedFlops(), cost.get().passageFlops(), flopsBudget);
                toScore = toScore.subList(0, scored);
            } else {
                enforceable = false;
            }
        }
        RerankOutcome.BudgetEffect budget = new RerankOutcome.BudgetEffect(scored, withText, enforceable);
        float[] modelScores = new float[n];
        Arrays.fill(modelScores, Float.NaN);
        long start = System.nanoTime();
        PointwiseScores ps = scored == 0 ? new PointwiseScores(new float[0], 0, -1, 0) : model.scorePointwise(query, toScore, cancellation);
        long nanos = System.nanoTime() - start;
        if (ps.scores().length != scored) {
            throw new ModelException("model [" + model.name() + "] returned " + ps.scores().length + " scores for " + scored + " passages");
        }
        for (int j = 0; j < scored; j++) {
            float s = ps.scores()[j];
            if (Float.isNaN(s)) {
                throw new ModelException("model [" + model.name() + "] returned NaN for passage " + scoredPositions[j]);
            }
            modelScores[scoredPositions[j]] = s;
        }
        return new RerankOutcome(order(modelScores), modelScores, strategy, scored, ps.estimatedFlops(), ps.countedFlops(), ps.inputTokens(), nanos,
            ps.layers(), budget, StrategyReport.pointwise(model.name(), strategy, scored));
    }

    /**
     * Positions sorted by score descending, ties and NaN (unscored, last) in first-stage order: the one ordering rule of
     * the rerank path (the scheduler orders its results with it too).
     */
    public static int[] order(float[] scores) {
        Integer[] idx = new Integer[scores.length];
        for (int i = 0; i < idx.length; i++) {
            idx[i] = i;
        }
        Arrays.sort(idx, (a, b) -> {
            boolean na = Float.isNaN(scores[a]);
            boolean nb = Float.isNaN(scores[b]);
            if (na != nb) {
                return na ? 1 : -1;
            }
            if (na == false) {
                int c = Float.compare(scores[b], scores[a]);
                if (c != 0) {
                    return c;
                }
            }
            return Integer.compare(a, b);
        });
        return Arrays.stream(idx).mapToInt(Integer::intValue).toArray();
    }
}
