package org.llmrerank.rescorer.strategy;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import org.llmrerank.estimator.RerankMethod;
import org.llmrerank.estimator.StrategyCost;
import org.llmrerank.rescorer.strategy.CandidateAssessment.Verdict;

/**
 * {@code strategy: auto}. For every (model, method) the request's models can run, predicts FLOPs with
 * the E2R estimator at the request's real token counts, looks up the expected NDCG, and picks the most
 * effective pair that fits the budget (equal NDCG: the cheaper). If none fits, the cheapest pair worth
 * running is kept on the deepest shallower window that fits, because the top of the BM25 list is
 * where a reranker earns most of its NDCG@10; if not even two passages fit, first-stage order.
 * Pairs whose NDCG does not beat the first stage are never chosen: they would spend FLOPs to lose.
 */
public final class StrategyChooser {

    private final EffectivenessTable effectiveness;
    private final StrategySettings settings;
    private final BudgetFit fit;

    public StrategyChooser(EffectivenessTable effectiveness, StrategySettings settings, BudgetFit fit) {
        this.effectiveness = java.util.Objects.requireNonNull(effectiveness, "effectiveness");
        this.settings = java.util.Objects.requireNonNull(settings, "settings");
        this.fit = java.util.Objects.requireNonNull(fit, "fit");
    }

    /** DL19 effectiveness (papers + the shipped bi-encoders), the paper's settings, worst-case fit. */
    public static StrategyChooser withDefaults() {
        return new StrategyChooser(EffectivenessTable.dl19(), StrategySettings.paper(), BudgetFit.WORST_CASE);
    }

    /**
     * @param passages    passage texts in first-stage order (tokenised with each model's tokenizer)
     * @param budgetFlops FLOPs allowed for this query; +infinity = unlimited
     */
    public AutoDecision choose(List<AvailableModel> models, String query, List<String> passages, int topK,
                               double budgetFlops) {
        if (!(budgetFlops >= 0)) {
            throw new IllegalArgumentException("budget must be >= 0, got " + budgetFlops);
        }
        if (topK < 1) {
            throw new IllegalArgumentException("top_k must be >= 1, got " + topK);
        }
        int n = passages.size();
        List<Option> options = new ArrayList<>();
        for (AvailableModel m : models) {
            RequestTokens tokens = RequestTokens.count(m.tokens(), query, passages, settings);
            for (RerankMethod method : m.methods()) {
                options.add(assess(m, method, tokens, topK, budgetFlops));
            }
        }
        List<CandidateAssessment> all = new ArrayList<>(options.stream().map(Option::assessment).toList());
        if (n < 2) {
            return firstStage(n, budgetFlops, "fewer than two passages: nothing to reorder", all);
        }
        Optional<Option> best = options.stream()
                .filter(o -> o.assessment().verdict() == Verdict.FITS_BUT_LESS_EFFECTIVE)
                .max(Comparator.<Option>comparingDouble(o -> o.assessment().ndcg())
                        .thenComparing(Comparator.<Option>comparingDouble(o -> o.assessment().budgetedFlops()).reversed()));
        if (best.isPresent()) {
            Option o = best.get();
            CandidateAssessment a = o.assessment();
            mark(all, a, Verdict.CHOSEN);
            return new AutoDecision(AutoDecision.Outcome.CHOSEN, a.model(), a.method(), n, n, a.budgetedFlops(),
                    budgetFlops, a.ndcg(), "most effective fitting strategy: " + a.method() + " on " + a.model()
                    + " (NDCG@10 " + a.ndcg() + ", " + a.ndcgSource() + ") predicted " + a.budgetedFlops()
                    + " FLOPs within " + budgetFlops, all);
        }
        Optional<Option> cheapest = options.stream()
                .filter(o -> o.assessment().worthRunning())
                .min(Comparator.comparingDouble(o -> o.assessment().budgetedFlops()));
        if (cheapest.isEmpty()) {
            return firstStage(n, budgetFlops, "no available strategy is expected to beat the first stage", all);
        }
        Option c = cheapest.get();
        for (int depth = n - 1; depth >= 2; depth--) {
            StrategyCost cost = CostPrediction.predict(c.model().architecture(), c.assessment().method(), c.tokens(),
                    depth, topK, settings);
            double f = fit.of(cost);
            if (f <= budgetFlops) {
                CandidateAssessment a = c.assessment();
                mark(all, a, Verdict.CHOSEN);
                return new AutoDecision(AutoDecision.Outcome.SHALLOWER_WINDOW, a.model(), a.method(), depth, n, f,
                        budgetFlops, a.ndcg(), "nothing fits at depth " + n + "; the cheapest strategy " + a.method()
                        + " on " + a.model() + " fits on the top " + depth + " passages (" + f + " FLOPs within "
                        + budgetFlops + ")", all);
            }
        }
        return firstStage(n, budgetFlops, "not even two passages fit the budget with the cheapest strategy "
                + c.assessment().method() + " on " + c.assessment().model(), all);
    }

    private Option assess(AvailableModel m, RerankMethod method, RequestTokens tokens, int topK, double budget) {
        Optional<EffectivenessTable.Effectiveness> e = effectiveness.lookup(m.family(), method);
        double ndcg = e.map(EffectivenessTable.Effectiveness::ndcg).orElse(Double.NaN);
        String source = e.map(EffectivenessTable.Effectiveness::source).orElse("no figure for " + m.family() + " " + method);
        StrategyCost cost;
        try {
            cost = CostPrediction.predict(m.architecture(), method, tokens, tokens.docs(), topK, settings);
        } catch (IllegalArgumentException ex) {
            // e.g. an encoder-only architecture offered a generative method
            return new Option(m, tokens, new CandidateAssessment(m.name(), method, Double.NaN, Double.NaN, Double.NaN,
                    ndcg, source + "; cannot run: " + ex.getMessage(), Verdict.CANNOT_RUN));
        }
        double budgeted = fit.of(cost);
        Verdict v;
        if (e.isEmpty()) {
            v = Verdict.NO_EFFECTIVENESS_FIGURE;
        } else if (ndcg <= effectiveness.firstStageNdcg()) {
            v = Verdict.NOT_BETTER_THAN_FIRST_STAGE;
        } else if (budgeted > budget) {
            v = Verdict.OVER_BUDGET;
        } else {
            v = Verdict.FITS_BUT_LESS_EFFECTIVE;
        }
        return new Option(m, tokens, new CandidateAssessment(m.name(), method, cost.flops(), cost.maxFlops(), budgeted,
                ndcg, source, v));
    }

    private AutoDecision firstStage(int n, double budget, String reason, List<CandidateAssessment> all) {
        return new AutoDecision(AutoDecision.Outcome.FIRST_STAGE_ORDER, null, null, 0, n, 0, budget,
                effectiveness.firstStageNdcg(), reason + "; keeping first-stage order", all);
    }

    private static void mark(List<CandidateAssessment> all, CandidateAssessment chosen, Verdict v) {
        all.replaceAll(a -> a == chosen ? a.withVerdict(v) : a);
    }

    private record Option(AvailableModel model, RequestTokens tokens, CandidateAssessment assessment) {}
}
