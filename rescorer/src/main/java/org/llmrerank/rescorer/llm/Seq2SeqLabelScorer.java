package org.llmrerank.rescorer.llm;

import java.util.List;
import org.llmrerank.rescorer.ModelException;
import org.llmrerank.rescorer.strategy.LabelScorer;
import org.llmrerank.routing.runtime.FlopsCounter;
import org.llmrerank.routing.runtime.t5.T5Session;

/**
 * Setwise / listwise.likelihood labels from T5 exactly as the reference code reads them (Setwise paper, setwise prompt):
 * decoder input {@code "<pad> Passage"}, one forward pass, and at the last decoder position the
 * logit of {@code target_token_ids[j]} = the last token of {@code "<pad> Passage X_j"}.
 */
public final class Seq2SeqLabelScorer implements LabelScorer {

    static final String DECODER_PREFIX = "<pad> Passage";

    private final Seq2SeqLm lm;

    public Seq2SeqLabelScorer(Seq2SeqLm lm) {
        this.lm = lm;
    }

    @Override
    public String name() {
        return lm.name();
    }

    @Override
    public LabelLogits score(String prompt, List<String> labels) throws ModelException {
        try {
            long[] ids = lm.tokenizer().encode(prompt, true);
            long[] prefix = lm.encodeContinuation(DECODER_PREFIX);
            FlopsCounter counter = new FlopsCounter();
            float[] z;
            try (T5Session s = lm.encode(List.of(ids), counter)) {
                s.decode(new long[][] {prefix});
                z = s.lastLogits()[0];
            }
            double[] out = new double[labels.size()];
            for (int i = 0; i < out.length; i++) {
                long[] target = lm.encodeContinuation(DECODER_PREFIX + " " + labels.get(i));
                out[i] = z[(int) target[target.length - 1]];
            }
            return new LabelLogits(out, lm.cost(counter, new long[] {ids.length}, prefix.length));
        } catch (RuntimeException e) {
            throw new ModelException("model [" + name() + "] label scoring: " + e.getMessage(), e);
        }
    }
}
