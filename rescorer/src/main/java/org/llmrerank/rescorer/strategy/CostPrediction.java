package org.llmrerank.rescorer.strategy;

import org.llmrerank.estimator.Architecture;
import org.llmrerank.estimator.CostParams;
import org.llmrerank.estimator.RerankMethod;
import org.llmrerank.estimator.StrategyCost;
import org.llmrerank.estimator.StrategyCostModel;

/** The estimator's prediction for running a method over the first {@code depth} passages of a request. */
public final class CostPrediction {

    private CostPrediction() {}

    public static StrategyCost predict(Architecture a, RerankMethod method, RequestTokens tokens, int depth, int topK,
                                       StrategySettings s) {
        if (depth < 0 || depth > tokens.docs()) {
            throw new IllegalArgumentException("depth " + depth + " outside 0.." + tokens.docs());
        }
        CostParams p = CostParams.defaults()
                .withDocs(depth)
                .withTopK(Math.max(1, Math.min(topK, depth)))
                .withNumChild(s.numChild())
                .withWindow(s.window())
                .withStep(s.step())
                .withRepeats(s.repeats())
                .withQueryTokens(tokens.queryTokens())
                .withPassageTokens(tokens.meanPassageTokens(depth));
        return StrategyCostModel.predict(a, method, p);
    }
}
