package org.llmrerank.rescorer.strategy;

/**
 * A pairwise model's answer to one PRP prompt (PRP pairwise prompt, as in the Setwise paper): "Passage A" or "Passage B", or neither
 * when the output is not one of the two labels.
 *
 * @param preferred  the label the model output
 * @param certainty  how sure the model was, in [0, 1] ({@code 1 - H/log 2} over the two label
 *                   probabilities when logits are known, 1 for a bare generated label, 0 for no label)
 * @param cost       what the prompt cost
 */
public record PairwiseJudgement(Preference preferred, double certainty, CallCost cost) {

    /** What one prompt said. */
    public enum Preference { A, B, NEITHER }

    public PairwiseJudgement {
        if (preferred == null || cost == null) {
            throw new IllegalArgumentException("a pairwise judgement needs a preference and a cost");
        }
        if (!(certainty >= 0 && certainty <= 1)) {
            throw new IllegalArgumentException("certainty must be in [0, 1], got " + certainty);
        }
    }

    /** From the logits of the labels A and B; equal logits name neither (no preference to read). */
    public static PairwiseJudgement fromLogits(double logitA, double logitB, CallCost cost) {
        double[] z = {logitA, logitB};
        double certainty = LabelDistribution.certainty(LabelDistribution.softmax(z));
        Preference p = logitA > logitB ? Preference.A : logitB > logitA ? Preference.B : Preference.NEITHER;
        return new PairwiseJudgement(p, p == Preference.NEITHER ? 0 : certainty, cost);
    }
}
