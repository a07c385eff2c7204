package org.llmrerank.rescorer.pipeline;

import org.llmrerank.rescorer.PointwiseReports;
import org.llmrerank.rescorer.PointwiseWindowReranker;
import org.llmrerank.rescorer.RerankOutcome;
import org.llmrerank.rescorer.Strategy;
import org.llmrerank.rescorer.StrategyReport;

/**
 * Turns the scheduler's scores into the outcome the local path would have produced for the same request: the same
 * ordering rule, the same report when the whole window was judged, and an early stop when certaindex or the deadline
 * stopped the program before the end of the window.
 */
final class ScheduledOutcome {

    private ScheduledOutcome() {}

    static RerankOutcome of(RerankPlan plan, ScoredWindow w) {
        Strategy ran = plan.pointwiseMethod();
        int withText = plan.passagesWithText();
        String model = w.placement().judgedModel();
        StrategyReport report = PointwiseReports.of(model, plan.options().requestedStrategy(), ran, w.judgedDocs());
        if (w.stoppedEarly()) {
            report = report.stoppedEarly("scheduler: certaindex over depth", w.placement().judgedDepth(), w.placement().outcome());
        }
        return new RerankOutcome(PointwiseWindowReranker.order(w.scores()), w.scores(), ran, w.judgedDocs(), w.estimatedFlops(),
            w.countedFlops(), w.inputTokens(), w.modelNanos(), w.layers(), new RerankOutcome.BudgetEffect(w.judgedDocs(), withText, true),
            report);
    }
}
