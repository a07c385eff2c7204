package org.llmrerank.rescorer.llm;

import java.util.List;
import org.llmrerank.rescorer.ModelException;
import org.llmrerank.rescorer.strategy.TextGenerator;
import org.llmrerank.routing.runtime.FlopsCounter;
import org.llmrerank.routing.runtime.llama.LlamaGenerator;
import org.llmrerank.routing.runtime.llama.LlamaSession;

/**
 * Greedy generation with a causal LM (listwise.generation, setwise/pairwise generation): the prompt
 * ({@link CausalLm#encodePrompt}: in the chat template where the checkpoint has one), then argmax
 * tokens until EOS ({@code eos_token_id} of config.json) or the limit. The cost's output tokens are
 * those fed back (generated − 1, see {@link LlamaGenerator}).
 */
public final class CausalLmTextGenerator implements TextGenerator {

    private final CausalLm lm;

    public CausalLmTextGenerator(CausalLm lm) {
        this.lm = lm;
    }

    @Override
    public String name() {
        return lm.name();
    }

    @Override
    public Generated generate(String prompt, int maxNewTokens) throws ModelException {
        try {
            long[] ids = lm.encodePrompt(prompt, "");
            FlopsCounter counter = new FlopsCounter();
            try (LlamaSession s = lm.prefill(List.of(ids), counter)) {
                long[] out = LlamaGenerator.generate(s, maxNewTokens, lm.config().eosTokenIds()).get(0);
                int fed = Math.max(out.length - 1, 0);
                return new Generated(lm.tokenizer().decode(out), lm.cost(s, counter, new long[] {ids.length}, fed));
            }
        } catch (RuntimeException e) {
            throw new ModelException("model [" + name() + "] generation: " + e.getMessage(), e);
        }
    }
}
