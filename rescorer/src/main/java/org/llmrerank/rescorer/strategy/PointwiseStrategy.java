package org.llmrerank.rescorer.strategy;

import java.util.Comparator;
import java.util.List;
import java.util.stream.IntStream;
import org.llmrerank.estimator.RerankMethod;
import org.llmrerank.rescorer.ModelException;
import org.llmrerank.rescorer.PointwiseScores;
import org.llmrerank.rescorer.PointwiseModel;

/**
 * Pointwise reranking over a {@link PointwiseModel} (bi-encoder, cross-encoder, yes_no, qlm) as a {@link RankingStrategy},
 * so auto treats it like the others. The model scores the window in one batch; the trace counts
 * calls in the estimator's unit: one forward pass per passage, plus the query encoding for a
 * bi-encoder. {@link #score} also returns the scores, for a caller that reads certainty off them.
 */
public final class PointwiseStrategy implements RankingStrategy {

    private final PointwiseModel model;
    private final RerankMethod method;

    public PointwiseStrategy(PointwiseModel model, RerankMethod method) {
        if (method != RerankMethod.POINTWISE_EMBEDDING && method != RerankMethod.POINTWISE_CROSS_ENCODER
                && method != RerankMethod.POINTWISE_YES_NO && method != RerankMethod.POINTWISE_QLM) {
            throw new IllegalArgumentException(method + " is not a pointwise method");
        }
        this.model = java.util.Objects.requireNonNull(model, "model");
        this.method = method;
    }

    @Override
    public RerankMethod method() {
        return method;
    }

    @Override
    public String modelName() {
        return model.name();
    }

    @Override
    public StrategyResult rerank(String query, List<String> passages, int topK) throws ModelException {
        return score(query, passages, topK).result();
    }

    /** The ranking plus the score per first-stage position. */
    public Scored score(String query, List<String> passages, int topK) throws ModelException {
        Rankings.requireInput(query, passages, topK);
        TraceRecorder trace = new TraceRecorder(method.methodName(), model.name());
        int n = passages.size();
        if (n == 0) {
            return new Scored(new StrategyResult(new int[0], trace.finish()), new float[0]);
        }
        PointwiseScores ps = model.scorePointwise(query, passages);
        float[] s = ps.scores();
        if (s.length != n) {
            throw new ModelException("model [" + model.name() + "] returned " + s.length + " scores for " + n + " passages");
        }
        for (int i = 0; i < n; i++) {
            if (!Float.isFinite(s[i])) {
                throw new ModelException("model [" + model.name() + "] returned " + s[i] + " for passage " + i);
            }
        }
        int calls = method == RerankMethod.POINTWISE_EMBEDDING ? n + 1 : n;
        CallCost cost = new CallCost(ps.estimatedFlops(), ps.flopsCounted() ? ps.countedFlops() : -1,
                ps.inputTokens(), 0, calls);
        // a score is not a judgement between alternatives: it has no certainty of its own to record
        trace.record(Rankings.identity(n), cost, Double.NaN, calls);
        int[] order = IntStream.range(0, n).boxed()
                .sorted(Comparator.<Integer>comparingDouble(i -> -s[i]).thenComparingInt(i -> i))
                .mapToInt(Integer::intValue).toArray();
        return new Scored(new StrategyResult(order, trace.finish()), s.clone());
    }

    /** A pointwise run's result and its raw scores by first-stage position. */
    public record Scored(StrategyResult result, float[] scores) {}
}
