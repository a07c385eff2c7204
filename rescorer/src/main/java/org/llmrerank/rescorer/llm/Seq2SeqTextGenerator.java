package org.llmrerank.rescorer.llm;

import java.util.ArrayList;
import java.util.List;
import org.llmrerank.rescorer.ModelException;
import org.llmrerank.rescorer.strategy.TextGenerator;
import org.llmrerank.routing.runtime.FlopsCounter;
import org.llmrerank.routing.runtime.llama.LlamaGenerator;
import org.llmrerank.routing.runtime.t5.T5Session;

/**
 * Greedy T5 generation: decoder_start_token_id, then argmax tokens until EOS or the limit. Output
 * tokens in the cost are the decoder inputs fed (start token plus generated − 1).
 */
public final class Seq2SeqTextGenerator implements TextGenerator {

    private final Seq2SeqLm lm;

    public Seq2SeqTextGenerator(Seq2SeqLm lm) {
        this.lm = lm;
    }

    @Override
    public String name() {
        return lm.name();
    }

    @Override
    public Generated generate(String prompt, int maxNewTokens) throws ModelException {
        try {
            long[] ids = lm.tokenizer().encode(prompt, true);
            FlopsCounter counter = new FlopsCounter();
            List<Long> out = new ArrayList<>();
            int fed = 0;
            try (T5Session s = lm.encode(List.of(ids), counter)) {
                long next = lm.config().decoderStartTokenId();
                while (out.size() < maxNewTokens) {
                    s.decode(new long[][] {{next}});
                    fed++;
                    next = LlamaGenerator.argmax(s.lastLogits()[0]);
                    out.add(next);
                    if (next == lm.config().eosTokenId()) {
                        break;
                    }
                }
            }
            long[] tokens = out.stream().mapToLong(Long::longValue).toArray();
            return new Generated(lm.tokenizer().decode(tokens), lm.cost(counter, new long[] {ids.length}, fed));
        } catch (RuntimeException e) {
            throw new ModelException("model [" + name() + "] generation: " + e.getMessage(), e);
        }
    }
}
