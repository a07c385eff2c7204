package org.llmrerank.rescorer.strategy;

import java.util.List;
import org.llmrerank.estimator.RerankMethod;
import org.llmrerank.rescorer.ModelException;

/** listwise.generation (RankGPT completion prompt, RankGPT listwise, as in the Setwise paper) over any {@link TextGenerator}. */
public final class RankGptListwiseModel implements ListwiseModel {

    /** "[12] > " is up to 6 tokens in common subword vocabularies; generation stops early anyway. */
    static final int MAX_NEW_TOKENS_PER_PASSAGE = 6;
    /** Identifiers [1]..[99] keep the output parseable without ambiguity in practice. */
    static final int MAX_WINDOW = 99;

    private final TextGenerator generator;

    public RankGptListwiseModel(TextGenerator generator) {
        this.generator = java.util.Objects.requireNonNull(generator, "generator");
    }

    @Override
    public String name() {
        return generator.name();
    }

    @Override
    public RerankMethod method() {
        return RerankMethod.LISTWISE_GENERATION;
    }

    @Override
    public int maxWindow() {
        return MAX_WINDOW;
    }

    @Override
    public ListwiseJudgement rankWindow(String query, List<String> passages) throws ModelException {
        TextGenerator.Generated out = generator.generate(PromptTemplates.rankGptCompletion(query, passages),
                MAX_NEW_TOKENS_PER_PASSAGE * passages.size());
        return ListwiseJudgement.ofOrder(RankGptOutput.parse(out.text(), passages.size()), out.cost());
    }
}
