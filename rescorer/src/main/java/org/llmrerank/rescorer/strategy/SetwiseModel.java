package org.llmrerank.rescorer.strategy;

import java.util.List;
import org.llmrerank.rescorer.ModelException;

/**
 * A generative reranker that, given a query and c passages labelled A, B, C, ..., says how likely each
 * label is to be the most relevant one (the Setwise paper's likelihood variant, Setwise paper, setwise prompt). An LLM
 * implementation builds the prompt with {@link PromptTemplates#setwise} and reads the label logits;
 * {@link PromptedSetwiseModel} does exactly that over a {@link LabelScorer}.
 *
 * <p>Implementations must be thread-safe and deterministic for equal inputs.
 */
public interface SetwiseModel {

    /** Labels A..W exist in the setwise prompt (Setwise paper, setwise prompt), so at most 23 passages per call. */
    int MAX_PASSAGES = PromptTemplates.LABELS.size();

    /** A set of num_child + 1 passages must fit the label alphabet; returns numChild when it does. */
    static int requireNumChild(int numChild) {
        if (numChild < 1 || numChild + 1 > MAX_PASSAGES) {
            throw new IllegalArgumentException("num_child must be in 1.." + (MAX_PASSAGES - 1) + ", got " + numChild);
        }
        return numChild;
    }

    String name();

    /**
     * @param passages 1..{@value #MAX_PASSAGES} passages, label A first
     * @return one likelihood per passage, in the same order
     * @throws ModelException when the model cannot answer; strategies propagate it and the caller falls back
     */
    SetwiseJudgement chooseMostRelevant(String query, List<String> passages) throws ModelException;
}
