package org.llmrerank.scheduler;

/**
 * What a program will run, decided when it gets its worker ({@link ProgramPlanner}).
 *
 * @param model          the model to run; null when no call runs (first-stage order)
 * @param firstEnd       window positions [0, firstEnd) its first step judges
 * @param queryFlops     predicted FLOPs of the query's pass with {@code model}
 * @param passageFlops   predicted FLOPs of each passage's pass with {@code model} (0 without text)
 * @param mark           the outcome it ends with whatever happens (degraded, expired); null when its walk decides
 * @param predictedFlops what it is planned to spend, for the backlog estimates
 * @param relaxed        one stable step is enough to stop (the load is over what its deadline allows)
 */
record ProgramPlan(String model, int firstEnd, double queryFlops, double[] passageFlops, JobResult.Outcome mark, double predictedFlops,
                   boolean relaxed) {

    ProgramPlan(String model, int firstEnd, double queryFlops, double[] passageFlops, JobResult.Outcome mark, double predictedFlops) {
        this(model, firstEnd, queryFlops, passageFlops, mark, predictedFlops, false);
    }

    /** No model call: first-stage order, marked {@code outcome}. */
    static ProgramPlan none(JobResult.Outcome outcome) {
        return new ProgramPlan(null, 0, 0, null, outcome, 0);
    }

    boolean runsModel() {
        return model != null;
    }
}
