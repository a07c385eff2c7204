package org.llmrerank.rescorer.strategy;

import org.llmrerank.rescorer.ModelException;

/** Greedy text generation, what listwise.generation (RankGPT) needs from a language model. */
public interface TextGenerator {

    String name();

    Generated generate(String prompt, int maxNewTokens) throws ModelException;

    /** The generated text (prompt excluded) and what generating it cost. */
    record Generated(String text, CallCost cost) {}
}
