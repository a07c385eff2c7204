package org.llmrerank.rescorer.strategy;

import org.llmrerank.rescorer.strategy.PairwiseJudgement.Preference;

/**
 * A PRP comparison of two passages asked in both orders (PRP pairwise prompt, as in the Setwise paper): {@code first} is the prompt with
 * passage 1 as A, {@code second} the prompt with passage 2 as A.
 */
public record PairwiseVerdict(PairwiseJudgement first, PairwiseJudgement second) {

    /** The comparison's result; inconsistent answers (position bias) are a tie. */
    public enum Outcome { FIRST_WINS, SECOND_WINS, TIE }

    public PairwiseVerdict {
        if (first == null || second == null) {
            throw new IllegalArgumentException("a pairwise verdict needs both orders");
        }
    }

    /** Passage 1 wins iff it is named in both orders: "A" in the first prompt and "B" in the second. */
    public Outcome outcome() {
        if (first.preferred() == Preference.A && second.preferred() == Preference.B) {
            return Outcome.FIRST_WINS;
        }
        if (first.preferred() == Preference.B && second.preferred() == Preference.A) {
            return Outcome.SECOND_WINS;
        }
        return Outcome.TIE;
    }

    /**
     * Both-order agreement as a two-sample certaindex (Dynasor's certaindex carried over to reranking: our extension, not in the paper): 0 when the orders
     * disagree, otherwise the lesser of the two prompts' certainties.
     */
    public double certainty() {
        return outcome() == Outcome.TIE ? 0 : Math.min(first.certainty(), second.certainty());
    }

    public CallCost cost() {
        return first.cost().plus(second.cost());
    }
}
