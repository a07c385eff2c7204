package org.llmrerank.rescorer.strategy;

/**
 * Knobs of the sorting and windowing strategies, as the papers name them.
 *
 * @param numChild        setwise fan-out; c = numChild + 1 passages per call
 * @param window          listwise window
 * @param step            listwise step
 * @param repeats         listwise passes
 * @param maxQueryTokens  the query is truncated to this many tokens before prompting (Setwise paper, setup: 32)
 * @param maxPassageTokens passages are truncated to this many tokens (Setwise paper, setup: 128 at c = 3)
 */
public record StrategySettings(int numChild, int window, int step, int repeats, int maxQueryTokens, int maxPassageTokens) {

    public StrategySettings {
        if (numChild < 1 || numChild + 1 > SetwiseModel.MAX_PASSAGES) {
            throw new IllegalArgumentException("num_child must be in 1.." + (SetwiseModel.MAX_PASSAGES - 1) + ", got " + numChild);
        }
        if (window < 2 || step < 1 || repeats < 1) {
            throw new IllegalArgumentException("listwise needs window >= 2, step >= 1, repeats >= 1");
        }
        if (maxQueryTokens < 1 || maxPassageTokens < 1) {
            throw new IllegalArgumentException("token caps must be >= 1");
        }
    }

    /** The Setwise paper's setting: c = 3, window 4, step 2, 5 repeats, query 32 and passage 128 tokens. */
    public static StrategySettings paper() {
        return new StrategySettings(2, 4, 2, 5, 32, 128);
    }

    public StrategySettings withNumChild(int v) {
        return new StrategySettings(v, window, step, repeats, maxQueryTokens, maxPassageTokens);
    }

    public StrategySettings withListwise(int w, int s, int r) {
        return new StrategySettings(numChild, w, s, r, maxQueryTokens, maxPassageTokens);
    }
}
