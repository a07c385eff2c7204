package org.llmrerank.rescorer.strategy;

import java.util.List;
import org.llmrerank.estimator.RerankMethod;
import org.llmrerank.rescorer.ModelException;

/**
 * listwise.likelihood (RankGPT listwise, as in the Setwise paper): one forward pass of the setwise prompt over the window, the window
 * ordered by each label's probability. Built on a {@link SetwiseModel}, which asks exactly that.
 */
public final class LikelihoodListwiseModel implements ListwiseModel {

    private final SetwiseModel setwise;

    public LikelihoodListwiseModel(SetwiseModel setwise) {
        this.setwise = java.util.Objects.requireNonNull(setwise, "setwise");
    }

    @Override
    public String name() {
        return setwise.name();
    }

    @Override
    public RerankMethod method() {
        return RerankMethod.LISTWISE_LIKELIHOOD;
    }

    @Override
    public int maxWindow() {
        return SetwiseModel.MAX_PASSAGES;
    }

    @Override
    public ListwiseJudgement rankWindow(String query, List<String> passages) throws ModelException {
        SetwiseJudgement j = setwise.chooseMostRelevant(query, passages);
        if (j.labels() != passages.size()) {
            throw new ModelException("model [" + name() + "] returned " + j.labels() + " likelihoods for "
                    + passages.size() + " passages");
        }
        return ListwiseJudgement.ofScores(j.labelLikelihoods(), j.certainty(), j.cost());
    }
}
