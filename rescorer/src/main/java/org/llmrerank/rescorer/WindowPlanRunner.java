package org.llmrerank.rescorer;

import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.function.LongSupplier;
import org.llmrerank.rescorer.strategy.StrategyResult;
import org.llmrerank.rescorer.strategy.StrategySettings;
import org.llmrerank.rescorer.strategy.StrategyTrace;
import org.llmrerank.routing.Cancellation;

/**
 * Carries out a {@link WindowPlan} on the calling thread and reports what ran.
 *
 * <p>Pointwise methods go through {@link PointwiseWindowReranker} (absolute scores, exact per-passage budget fit).
 * Sorting methods produce an order, not scores: the reranked hits get rank-derived scores (higher = better) so the same
 * ordering rule applies to every method; the passages beyond the reranked depth and those without text follow them,
 * all in first-stage order.
 */
public final class WindowPlanRunner {

    private final StrategySettings settings;
    private final LongSupplier nanoClock;

    /** @param nanoClock what the time spent in a sorting method is measured with */
    public WindowPlanRunner(StrategySettings settings, LongSupplier nanoClock) {
        this.settings = Objects.requireNonNull(settings, "settings");
        this.nanoClock = Objects.requireNonNull(nanoClock, "nanoClock");
    }

    /**
     * @param texts the window {@code plan} was made for
     * @param flopsBudget per-query budget; +infinity = none
     */
    public RerankOutcome run(WindowPlan plan, String query, List<String> texts, int topK, double flopsBudget, Cancellation cancellation)
            throws ModelException {
        return switch (plan) {
            case WindowPlan.PointwiseAsRequested p -> pointwiseAsRequested(p, query, texts, flopsBudget, cancellation);
            case WindowPlan.ScorePointwise p -> scorePointwise(p, query, texts, flopsBudget, cancellation);
            case WindowPlan.Sort p -> sort(p, query, texts.size(), topK, cancellation);
            case WindowPlan.FirstStage p -> firstStage(p);
        };
    }

    private static RerankOutcome pointwiseAsRequested(WindowPlan.PointwiseAsRequested p, String query, List<String> texts,
                                                      double flopsBudget, Cancellation cancellation) throws ModelException {
        RerankOutcome o = PointwiseWindowReranker.rerank(p.model(), p.strategy(), query, texts, flopsBudget, cancellation);
        // auto ran a pointwise method without choosing: reported as the scheduler reports such a run
        return p.requested() == Strategy.AUTO ? o.withReport(PointwiseReports.of(p.model().name(), p.requested(), p.strategy(),
            o.scoredDocs())) : o;
    }

    private static RerankOutcome scorePointwise(WindowPlan.ScorePointwise p, String query, List<String> texts, double flopsBudget,
                                                Cancellation cancellation) throws ModelException {
        StrategyDecision d = p.decision();
        RerankOutcome o = PointwiseWindowReranker.rerank(p.scorer(), Strategy.of(d.method()), query, p.window().keepLeading(texts, d.depth()),
            flopsBudget, cancellation);
        // the passages cut from the depth still have text: the budget left them out, the field did not
        return o.withBudget(new RerankOutcome.BudgetEffect(o.budget().passagesThatFit(), p.window().size(), o.budget().enforceable()))
            .withReport(StrategyReport.scored(d, o.scoredDocs()));
    }

    private RerankOutcome sort(WindowPlan.Sort p, String query, int windowSize, int topK, Cancellation cancellation) throws ModelException {
        StrategyDecision d = p.decision();
        if (cancellation.isCancelled()) {
            throw new ModelException("model [" + d.model() + "]: cancelled before " + d.method() + " started");
        }
        int depth = d.depth();
        long start = nanoClock.getAsLong();
        StrategyResult result = p.model().cancellable(cancellation).strategy(d.method(), settings)
            .rerank(query, p.window().texts().subList(0, depth), Math.min(topK, depth));
        long nanos = nanoClock.getAsLong() - start;
        float[] scores = new float[windowSize];
        Arrays.fill(scores, Float.NaN);
        int[] order = result.order();
        for (int rank = 0; rank < order.length; rank++) {
            scores[p.window().positions().get(order[rank])] = order.length - rank; // rank-derived: distinct, higher = better
        }
        StrategyTrace t = result.trace();
        return new RerankOutcome(PointwiseWindowReranker.order(scores), scores, Strategy.of(d.method()), depth, t.estimatedFlops(),
            t.countedFlops(), t.promptTokens() + t.outputTokens(), nanos, LayerUsage.UNREPORTED,
            new RerankOutcome.BudgetEffect(depth, p.window().size(), true),
            StrategyReport.sorted(d, t.calls(), t.earlyStopped(), t.earlyStopReason()));
    }

    private static RerankOutcome firstStage(WindowPlan.FirstStage p) {
        float[] scores = new float[p.windowSize()];
        Arrays.fill(scores, Float.NaN);
        return new RerankOutcome(PointwiseWindowReranker.order(scores), scores, p.decision().requested(), 0, 0, -1, 0, 0,
            LayerUsage.UNREPORTED, new RerankOutcome.BudgetEffect(0, p.passagesWithText(), true), StrategyReport.nothingRan(p.decision()));
    }
}
