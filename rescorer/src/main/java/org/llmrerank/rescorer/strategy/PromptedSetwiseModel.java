package org.llmrerank.rescorer.strategy;

import java.util.List;
import org.llmrerank.rescorer.ModelException;

/** {@link SetwiseModel} over any {@link LabelScorer}: the setwise prompt, label logits, softmax over labels. */
public final class PromptedSetwiseModel implements SetwiseModel {

    private final LabelScorer scorer;

    public PromptedSetwiseModel(LabelScorer scorer) {
        this.scorer = java.util.Objects.requireNonNull(scorer, "scorer");
    }

    @Override
    public String name() {
        return scorer.name();
    }

    @Override
    public SetwiseJudgement chooseMostRelevant(String query, List<String> passages) throws ModelException {
        List<String> labels = PromptTemplates.LABELS.subList(0, passages.size());
        LabelScorer.LabelLogits out = scorer.score(PromptTemplates.setwise(query, passages), labels);
        if (out.logits().length != labels.size()) {
            throw new ModelException("model [" + name() + "] returned " + out.logits().length + " label logits for "
                    + labels.size() + " labels");
        }
        try {
            return SetwiseJudgement.fromLogits(out.logits(), out.cost());
        } catch (IllegalArgumentException e) {
            throw new ModelException("model [" + name() + "]: " + e.getMessage(), e);
        }
    }
}
