package org.llmrerank.rescorer.strategy;

/**
 * A setwise model's answer for one prompt of c labelled passages (the Setwise paper's likelihood
 * scoring, Setwise paper, setwise prompt): how likely each label is to be named the most relevant.
 *
 * @param labelLikelihoods one value per passage, in prompt order (label A first); probabilities read
 *                         from the model's full-vocabulary softmax need not sum to one
 * @param cost             what the call cost
 */
public record SetwiseJudgement(double[] labelLikelihoods, CallCost cost) {

    public SetwiseJudgement {
        if (labelLikelihoods == null || labelLikelihoods.length == 0 || cost == null) {
            throw new IllegalArgumentException("a setwise judgement needs at least one label likelihood and a cost");
        }
        LabelDistribution.normalise(labelLikelihoods); // validates: finite, non-negative
        labelLikelihoods = labelLikelihoods.clone();
    }

    /** From raw label logits, softmaxed over the labels. */
    public static SetwiseJudgement fromLogits(double[] labelLogits, CallCost cost) {
        return new SetwiseJudgement(LabelDistribution.softmax(labelLogits), cost);
    }

    /** For generation-only models: all mass on the generated label (certainty 1, nothing better is known). */
    public static SetwiseJudgement generated(int label, int labels, CallCost cost) {
        double[] p = new double[labels];
        p[label] = 1;
        return new SetwiseJudgement(p, cost);
    }

    public int labels() {
        return labelLikelihoods.length;
    }

    /** The winning label; ties go to the passage with the smallest {@code firstStageRank}. */
    public int winner(int[] firstStageRank) {
        return LabelDistribution.argmax(labelLikelihoods, firstStageRank);
    }

    /** {@code 1 - H(p)/log c} over the renormalised label distribution (certaindex carried over to reranking: our extension, not in the Dynasor paper). */
    public double certainty() {
        return LabelDistribution.certainty(labelLikelihoods);
    }

    @Override
    public double[] labelLikelihoods() {
        return labelLikelihoods.clone();
    }
}
