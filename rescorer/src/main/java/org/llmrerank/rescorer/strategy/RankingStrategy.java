package org.llmrerank.rescorer.strategy;

import java.util.List;
import org.llmrerank.estimator.RerankMethod;
import org.llmrerank.rescorer.ModelException;

/**
 * A reranking algorithm bound to a model. Input passages are in first-stage order; the result is a
 * permutation of their positions. Implementations are deterministic: equal judgements give equal
 * orders, and ties between passages go to the first-stage order. They are stateless between runs and
 * may be shared across threads if their model is thread-safe.
 */
public interface RankingStrategy {

    /** The method this strategy implements, which is also what the estimator predicts its cost by. */
    RerankMethod method();

    String modelName();

    /**
     * @param passages passage texts in first-stage order (non-null; callers leave text-less passages out)
     * @param topK     how many leading positions must be exact; sorting strategies stop once they are
     *                 placed and keep the rest in first-stage order (Setwise paper, setup)
     */
    StrategyResult rerank(String query, List<String> passages, int topK) throws ModelException;
}
