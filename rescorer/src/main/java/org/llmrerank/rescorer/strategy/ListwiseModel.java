package org.llmrerank.rescorer.strategy;

import java.util.List;
import org.llmrerank.estimator.RerankMethod;
import org.llmrerank.rescorer.ModelException;

/**
 * A generative reranker that ranks a window of passages in one call (RankGPT listwise, as in the Setwise paper). Two variants exist:
 * {@link RankGptListwiseModel} generates a permutation (listwise.generation), and
 * {@link LikelihoodListwiseModel} orders the window by setwise label probabilities
 * (listwise.likelihood). Thread-safe and deterministic for equal inputs.
 */
public interface ListwiseModel {

    String name();

    /** {@link RerankMethod#LISTWISE_GENERATION} or {@link RerankMethod#LISTWISE_LIKELIHOOD}: decides the cost model. */
    RerankMethod method();

    /** The largest window one call can take (23 labels for the setwise prompt). */
    int maxWindow();

    ListwiseJudgement rankWindow(String query, List<String> passages) throws ModelException;
}
