package org.llmrerank.rescorer;

import java.util.List;
import org.llmrerank.rescorer.strategy.BudgetFit;
import org.llmrerank.rescorer.strategy.StrategyChooser;
import org.llmrerank.rescorer.strategy.StrategySettings;
import org.llmrerank.routing.Cancellation;

/**
 * Reranks one query's window with the strategy a request asked for, the one {@code auto} chooses under its
 * FLOPs budget, or a fixed setwise / pairwise / listwise method, and reports what ran and why: the
 * {@link WindowPlanner} decides, the {@link WindowPlanRunner} runs.
 */
public final class StrategyWindowReranker {

    private final WindowPlanner planner;
    private final WindowPlanRunner runner;

    public StrategyWindowReranker(StrategyChooser chooser, StrategySettings settings, BudgetFit fit) {
        this.planner = new WindowPlanner(chooser, settings, fit);
        this.runner = new WindowPlanRunner(settings, System::nanoTime);
    }

    /** The papers' settings (num_child 3, window 20 / step 10 / 1 pass), worst-case budget fit, DL19 effectiveness table. */
    public static StrategyWindowReranker withDefaults() {
        return new StrategyWindowReranker(StrategyChooser.withDefaults(), StrategySettings.paper(), BudgetFit.WORST_CASE);
    }

    /**
     * @param texts       passage text per first-stage position; null or blank = no text
     * @param topK        positions that must be exact (sorting methods stop once they are placed)
     * @param flopsBudget per-query budget; +infinity = none
     */
    public RerankOutcome rerank(RerankModel model, Strategy requested, String query, List<String> texts, int topK, double flopsBudget,
                                Cancellation cancellation) throws ModelException {
        return rerank(List.of(model), requested, query, texts, topK, flopsBudget, cancellation);
    }

    /**
     * {@code auto} over several models: the chooser weighs every method of every model (say a cheap bi-encoder and a
     * stronger one) against the budget. A fixed strategy runs on the first model.
     */
    public RerankOutcome rerank(List<RerankModel> models, Strategy requested, String query, List<String> texts, int topK,
                                double flopsBudget, Cancellation cancellation) throws ModelException {
        WindowPlan plan = planner.plan(models, requested, query, texts, topK, flopsBudget);
        return runner.run(plan, query, texts, topK, flopsBudget, cancellation);
    }
}
