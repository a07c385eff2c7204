package org.llmrerank.rescorer.llm;

import java.util.List;
import org.llmrerank.rescorer.ModelException;
import org.llmrerank.rescorer.strategy.LabelScorer;
import org.llmrerank.routing.runtime.FlopsCounter;
import org.llmrerank.routing.runtime.llama.LlamaSession;

/**
 * Setwise / listwise.likelihood labels from a causal LM (Setwise paper, setwise prompt, decoder variant): the prompt
 * followed by {@value #ANSWER_PREFIX}, one forward pass, and the next-token logit of each label's
 * token, the last token of {@code "Passage X"} as the reference code takes it. The prompt is wrapped in
 * the checkpoint's chat template where it has one ({@link CausalLm#encodePrompt}).
 */
public final class CausalLmLabelScorer implements LabelScorer {

    static final String ANSWER_PREFIX = " Passage:";

    private final CausalLm lm;

    public CausalLmLabelScorer(CausalLm lm) {
        this.lm = lm;
    }

    @Override
    public String name() {
        return lm.name();
    }

    @Override
    public LabelLogits score(String prompt, List<String> labels) throws ModelException {
        try {
            long[] ids = lm.encodePrompt(prompt, ANSWER_PREFIX);
            FlopsCounter counter = new FlopsCounter();
            try (LlamaSession s = lm.prefill(List.of(ids), counter)) {
                float[] logits = s.lastLogits()[0];
                double[] out = new double[labels.size()];
                for (int i = 0; i < out.length; i++) {
                    out[i] = logits[(int) lm.lastToken("Passage " + labels.get(i))];
                }
                return new LabelLogits(out, lm.cost(s, counter, new long[] {ids.length}, 0));
            }
        } catch (RuntimeException e) {
            throw new ModelException("model [" + name() + "] label scoring: " + e.getMessage(), e);
        }
    }
}
