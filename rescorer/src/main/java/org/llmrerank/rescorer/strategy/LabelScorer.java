package org.llmrerank.rescorer.strategy;

import java.util.List;
import org.llmrerank.rescorer.ModelException;

/**
 * The one thing a language model must provide for setwise, pairwise and listwise.likelihood
 * reranking: the logit of each label as the next output after a prompt. How the label is read is
 * the model's convention (T5: decoder prefix "&lt;pad&gt; Passage" and the last token of
 * "&lt;pad&gt; Passage X"; chat decoders: the template plus " Passage:" and the label token; Setwise paper, setwise prompt).
 */
public interface LabelScorer {

    String name();

    /**
     * @param prompt the prompt text from {@link PromptTemplates}
     * @param labels the labels to read ("A", "B", ...)
     */
    LabelLogits score(String prompt, List<String> labels) throws ModelException;

    /** One logit per label, in the labels' order, and what the forward pass cost. */
    record LabelLogits(double[] logits, CallCost cost) {}
}
