package org.llmrerank.rescorer;

/**
 * The report of a pointwise run that nothing had to choose: a fixed pointwise method, or {@code auto} over a model with
 * a single pointwise method and no budget. One place, so the local path and the scheduler report such a run alike.
 */
public final class PointwiseReports {

    private PointwiseReports() {}

    /**
     * @param requested what the request asked for (a pointwise method, or auto)
     * @param ran       the pointwise method that ran
     * @param scored    passages the model judged
     */
    public static StrategyReport of(String model, Strategy requested, Strategy ran, int scored) {
        if (requested != Strategy.AUTO) {
            return StrategyReport.pointwise(model, requested, scored);
        }
        String reason = scored < 2 ? "fewer than two passages with text: pointwise" : "the model's only method, no budget";
        return StrategyReport.scored(new StrategyDecision(model, requested, ran.methods().get(0), "chosen", reason, scored, Double.NaN), scored);
    }
}
