package org.llmrerank.rescorer.strategy;

import java.util.List;
import org.llmrerank.rescorer.ModelException;

/** {@link PairwiseModel} over any {@link LabelScorer}: the PRP prompt and the logits of labels A and B. */
public final class PromptedPairwiseModel implements PairwiseModel {

    private static final List<String> LABELS = List.of("A", "B");

    private final LabelScorer scorer;

    public PromptedPairwiseModel(LabelScorer scorer) {
        this.scorer = java.util.Objects.requireNonNull(scorer, "scorer");
    }

    @Override
    public String name() {
        return scorer.name();
    }

    @Override
    public PairwiseJudgement compare(String query, String passageA, String passageB) throws ModelException {
        LabelScorer.LabelLogits out = scorer.score(PromptTemplates.pairwise(query, passageA, passageB), LABELS);
        if (out.logits().length != 2) {
            throw new ModelException("model [" + name() + "] returned " + out.logits().length + " logits for labels A, B");
        }
        try {
            return PairwiseJudgement.fromLogits(out.logits()[0], out.logits()[1], out.cost());
        } catch (IllegalArgumentException e) {
            throw new ModelException("model [" + name() + "]: " + e.getMessage(), e);
        }
    }
}
