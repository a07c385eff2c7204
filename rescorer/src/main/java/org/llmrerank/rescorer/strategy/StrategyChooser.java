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
 * the E2R estimator at the request's real token counts and looks up the expected NDCG. A pair that fits
 * the budget on the whole window is expected to reach its table NDCG; one that does not is placed on the
 * deepest leading window that fits, where it keeps the {@link DepthGain} share of its gain over the
 * first stage (the top of the BM25 list is where a reranker earns most of its NDCG@10). The pair with
 * the highest expected NDCG wins (equal: the cheaper). So a strong model on the top 60 can beat a weak
 * one on all 100. If not even two passages fit anything, first-stage order. Pairs whose NDCG does not
 * beat the first stage are never chosen: they would spend FLOPs to lose.
 */
public final class StrategyChooser {

    private final EffectivenessTable effectiveness;
    private final StrategySettings settings;
    private final BudgetFit fit;
    private final DepthGain depthGain;

    public StrategyChooser(EffectivenessTable effectiveness, StrategySettings settings, BudgetFit fit) {
        this(effectiveness, settings, fit, DepthGain.dl19());
    }

    public StrategyChooser(EffectivenessTable effectiveness, StrategySettings settings, BudgetFit fit, DepthGain depthGain) {
        this.effectiveness = java.util.Objects.requireNonNull(effectiveness, "effectiveness");
        this.settings = java.util.Objects.requireNonNull(settings, "settings");
        this.fit = java.util.Objects.requireNonNull(fit, "fit");
        this.depthGain = java.util.Objects.requireNonNull(depthGain, "depthGain");
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
        Placement best = null;
        for (Option o : options) {
            CandidateAssessment a = o.assessment();
            if (!a.worthRunning()) {
                continue;
            }
            Placement p;
            if (a.verdict() == Verdict.FITS_BUT_LESS_EFFECTIVE) {
                p = new Placement(o, n, a.budgetedFlops(), a.ndcg());
            } else {
                p = deepestFitting(o, n, topK, budgetFlops);
                if (p == null) {
                    continue;
                }
            }
            if (best == null || p.expectedNdcg() > best.expectedNdcg()
                    || (p.expectedNdcg() == best.expectedNdcg() && p.flops() < best.flops())) {
                best = p;
            }
        }
        if (best == null) {
            boolean any = options.stream().anyMatch(o -> o.assessment().worthRunning());
            return firstStage(n, budgetFlops, any ? "not even two passages fit the budget with any strategy"
                    : "no available strategy is expected to beat the first stage", all);
        }
        CandidateAssessment a = best.option().assessment();
        mark(all, a, Verdict.CHOSEN);
        if (best.depth() == n) {
            return new AutoDecision(AutoDecision.Outcome.CHOSEN, a.model(), a.method(), n, n, best.flops(),
                    budgetFlops, a.ndcg(), "most effective fitting strategy: " + a.method() + " on " + a.model()
                    + " (NDCG@10 " + a.ndcg() + ", " + a.ndcgSource() + ") predicted " + best.flops()
                    + " FLOPs within " + budgetFlops, all);
        }
        return new AutoDecision(AutoDecision.Outcome.SHALLOWER_WINDOW, a.model(), a.method(), best.depth(), n, best.flops(),
                budgetFlops, best.expectedNdcg(), a.method() + " on " + a.model() + " does not fit at depth " + n
                + " but on the top " + best.depth() + " (" + best.flops() + " FLOPs within " + budgetFlops
                + "), where it is expected to keep " + String.format(java.util.Locale.ROOT, "%.3f", depthGain.kept(best.depth(), n))
                + " of its gain: NDCG@10 " + String.format(java.util.Locale.ROOT, "%.4f", best.expectedNdcg())
                + ", the best expectation of every strategy and depth that fits", all);
    }

    /** The deepest leading window (at least 2 passages) on which {@code o} fits the budget; cost grows with depth. */
    private Placement deepestFitting(Option o, int n, int topK, double budget) {
        int lo = 2;
        int hi = n - 1;
        Placement found = null;
        while (lo <= hi) {
            int mid = (lo + hi) >>> 1;
            double f = fit.of(CostPrediction.predict(o.model().architecture(), o.assessment().method(), o.tokens(), mid, topK,
                    settings));
            if (f <= budget) {
                double gain = o.assessment().ndcg() - effectiveness.firstStageNdcg();
                found = new Placement(o, mid, f, effectiveness.firstStageNdcg() + depthGain.kept(mid, n) * gain);
                lo = mid + 1;
            } else {
                hi = mid - 1;
            }
        }
        return found;
    }

    private record Placement(Option option, int depth, double flops, double expectedNdcg) {}

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
