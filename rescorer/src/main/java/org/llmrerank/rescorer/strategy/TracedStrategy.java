package org.llmrerank.rescorer.strategy;

import java.util.List;
import org.llmrerank.estimator.RerankMethod;
import org.llmrerank.rescorer.ModelException;

/**
 * A ranking procedure over one model with the part every procedure shares done once: the method and model it reports,
 * the input check, and the trace it records into. A subclass writes only {@link #rank}.
 */
abstract class TracedStrategy implements RankingStrategy {

    private final RerankMethod method;
    private final String modelName;

    TracedStrategy(RerankMethod method, String modelName) {
        this.method = java.util.Objects.requireNonNull(method, "method");
        this.modelName = java.util.Objects.requireNonNull(modelName, "modelName");
    }

    @Override
    public final RerankMethod method() {
        return method;
    }

    @Override
    public final String modelName() {
        return modelName;
    }

    @Override
    public final StrategyResult rerank(String query, List<String> passages, int topK) throws ModelException {
        Rankings.requireInput(query, passages, topK);
        return rank(query, passages, topK, new TraceRecorder(method.methodName(), modelName));
    }

    /** The ranking of checked input, its model calls recorded on {@code trace}. */
    protected abstract StrategyResult rank(String query, List<String> passages, int topK, TraceRecorder trace)
            throws ModelException;
}
