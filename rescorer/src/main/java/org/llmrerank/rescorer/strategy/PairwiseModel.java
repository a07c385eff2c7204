package org.llmrerank.rescorer.strategy;

import org.llmrerank.rescorer.ModelException;

/**
 * A generative reranker answering the PRP prompt "which of passages A and B is more relevant"
 * (PRP pairwise prompt, as in the Setwise paper, built by {@link PromptTemplates#pairwise}). {@link PromptedPairwiseModel} implements it
 * over a {@link LabelScorer}. Thread-safe and deterministic for equal inputs.
 */
public interface PairwiseModel {

    String name();

    /** One prompt: {@code passageA} labelled A, {@code passageB} labelled B. */
    PairwiseJudgement compare(String query, String passageA, String passageB) throws ModelException;

    /**
     * Both orders, (1, 2) then (2, 1), as PRP asks them. A model that can batch the two prompts
     * should override this to run them as one batch; the default runs them one after the other.
     */
    default PairwiseVerdict compareBothOrders(String query, String passage1, String passage2) throws ModelException {
        return new PairwiseVerdict(compare(query, passage1, passage2), compare(query, passage2, passage1));
    }
}
