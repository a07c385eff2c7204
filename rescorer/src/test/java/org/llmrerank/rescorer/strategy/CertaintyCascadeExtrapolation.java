package org.llmrerank.rescorer.strategy;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.llmrerank.estimator.RerankMethod;
import org.llmrerank.estimator.StrategyCost;
import org.llmrerank.rescorer.ModelException;

/**
 * Certainty cascade. EXTRAPOLATION (certaindex carried over to reranking: our extension, not in the Dynasor paper, Dynasor's thresholding policy carried over to
 * reranking by this project; neither the Dynasor nor the Setwise paper does this, and the
 * correlation of these certainties with relevance is unmeasured, certaindex carried over to reranking: our extension, not in the Dynasor paper).
 *
 * <p>Stage 0 scores the window with a cheap pointwise model and measures how certain the top-k
 * boundary is ({@link BoundaryCertainty}: normalised score margin). Certain: stop there. Otherwise
 * the passages near the boundary (the uncertain band; those above it are certainly in, those below
 * certainly out) are refined by the next, more expensive stage, with the top-k slots inside the
 * band as its k. After each refinement the boundary counts as certain when the stage's least
 * certain judgement reaches the threshold (label entropy for setwise and listwise.likelihood,
 * both-order agreement for pairwise). Every stage must fit the budget left: a band that does not fit
 * is narrowed symmetrically around the boundary, where uncertainty is highest, and when not even two
 * passages fit the cascade stops. Every decision is returned.
 */
public final class CertaintyCascadeExtrapolation {

    private final CascadeStage pointwise;
    private final List<CascadeStage> refinements;
    private final CascadeThresholds thresholds;
    private final StrategySettings settings;
    private final BudgetFit fit;

    public CertaintyCascadeExtrapolation(CascadeStage pointwise, List<CascadeStage> refinements,
                                         CascadeThresholds thresholds, StrategySettings settings, BudgetFit fit) {
        RerankMethod m = pointwise.method();
        if (m != RerankMethod.POINTWISE_EMBEDDING && m != RerankMethod.POINTWISE_YES_NO && m != RerankMethod.POINTWISE_QLM) {
            throw new IllegalArgumentException("the first cascade stage must be pointwise, got " + m);
        }
        for (CascadeStage s : refinements) {
            if (s.method() == RerankMethod.POINTWISE_EMBEDDING || s.method() == RerankMethod.POINTWISE_YES_NO
                    || s.method() == RerankMethod.POINTWISE_QLM) {
                throw new IllegalArgumentException("refinement stages compare passages; " + s.method() + " does not");
            }
        }
        this.pointwise = pointwise;
        this.refinements = List.copyOf(refinements);
        this.thresholds = thresholds;
        this.settings = settings;
        this.fit = fit;
    }

    /**
     * @param passages    passage texts in first-stage order (text-less passages left out by the caller)
     * @param budgetFlops FLOPs allowed for the whole cascade; +infinity = unlimited
     */
    public CascadeResult rerank(String query, List<String> passages, int topK, double budgetFlops) throws ModelException {
        Rankings.requireInput(query, passages, topK);
        if (!(budgetFlops >= 0)) {
            throw new IllegalArgumentException("budget must be >= 0, got " + budgetFlops);
        }
        int n = passages.size();
        List<CascadeDecision> decisions = new ArrayList<>();
        int[] ranking = Rankings.identity(n);
        CallCost spent = CallCost.NONE;

        // stage 0: the deepest prefix of the window the budget allows
        AvailableModel m0 = pointwise.model();
        RequestTokens t0 = RequestTokens.count(m0.tokens(), query, passages, settings);
        int depth = n;
        double predicted0 = predict(pointwise, t0, n, topK);
        while (depth >= 2 && predicted0 > budgetFlops) {
            depth--;
            predicted0 = predict(pointwise, t0, depth, topK);
        }
        if (depth < 2) {
            decisions.add(new CascadeDecision(0, m0.name(), pointwise.method(), Double.NaN, 0, 0, predicted0, 0, budgetFlops,
                    CascadeDecision.Next.STOP_BUDGET, "not even two passages fit the budget: first-stage order", null));
            return new CascadeResult(ranking, decisions, 0, 0);
        }
        PointwiseStrategy.Scored scored = ((PointwiseStrategy) m0.strategy(pointwise.method(), settings))
                .score(query, passages.subList(0, depth), topK);
        int[] order0 = scored.result().order();
        System.arraycopy(order0, 0, ranking, 0, depth);
        spent = spent.plus(totalCost(scored.result().trace()));
        float[] rankScores = new float[depth];
        for (int i = 0; i < depth; i++) {
            rankScores[i] = scored.scores()[order0[i]];
        }
        int k = Math.min(topK, depth);
        BoundaryCertainty bc = BoundaryCertainty.of(rankScores, k, thresholds.scoreBandHalfWidth());
        int bandStart = bc.bandStart();
        int bandEnd = bc.bandEnd();
        boolean certain = bc.certain();
        String why0 = (depth < n ? "budget allowed the top " + depth + " of " + n + "; " : "")
                + "normalised margin at the top-" + k + " boundary " + bc.margin() + " (certain at >= "
                + 2 * thresholds.scoreBandHalfWidth() + ")";
        decisions.add(new CascadeDecision(0, m0.name(), pointwise.method(), bc.certainty(), bandStart, bandEnd, predicted0,
                spent.estimatedFlops(), budgetFlops - spent.estimatedFlops(),
                certain ? CascadeDecision.Next.STOP_CERTAIN
                        : refinements.isEmpty() ? CascadeDecision.Next.STOP_STAGES_EXHAUSTED : CascadeDecision.Next.REFINE,
                why0, scored.result().trace()));

        for (int s = 0; s < refinements.size() && !certain; s++) {
            CascadeStage stage = refinements.get(s);
            double remaining = budgetFlops - spent.estimatedFlops();
            RequestTokens tokens = RequestTokens.count(stage.model().tokens(), query, passages, settings);
            // narrow the band around the boundary until the stage fits what is left
            double predicted = predict(stage, tokens.subset(Arrays.copyOfRange(ranking, bandStart, bandEnd)),
                    bandEnd - bandStart, k - bandStart);
            while (predicted > remaining && bandEnd - bandStart > 2) {
                if (bandEnd - k > k - bandStart) {
                    bandEnd--;
                } else {
                    bandStart++;
                }
                predicted = predict(stage, tokens.subset(Arrays.copyOfRange(ranking, bandStart, bandEnd)),
                        bandEnd - bandStart, k - bandStart);
            }
            if (predicted > remaining) {
                decisions.add(new CascadeDecision(s + 1, stage.model().name(), stage.method(), Double.NaN, bandStart,
                        bandEnd, predicted, spent.estimatedFlops(), remaining, CascadeDecision.Next.STOP_BUDGET,
                        "a two-passage band at the boundary needs " + predicted + " FLOPs, " + remaining + " left", null));
                break;
            }
            int[] band = Arrays.copyOfRange(ranking, bandStart, bandEnd);
            StrategyResult r = stage.model().strategy(stage.method(), settings)
                    .rerank(query, Rankings.texts(passages, band), k - bandStart);
            int[] bandOrder = r.order();
            for (int i = 0; i < band.length; i++) {
                ranking[bandStart + i] = band[bandOrder[i]];
            }
            spent = spent.plus(totalCost(r.trace()));
            double c = r.trace().minCertainty();
            certain = !Double.isNaN(c) && c >= thresholds.judgementCertainty();
            CascadeDecision.Next next;
            String why;
            if (Double.isNaN(c)) {
                next = CascadeDecision.Next.STOP_NO_SIGNAL;
                why = stage.method() + " reports no judgement certainty; keeping its order";
            } else if (certain) {
                next = CascadeDecision.Next.STOP_CERTAIN;
                why = "least certain judgement " + c + " >= " + thresholds.judgementCertainty();
            } else {
                next = s + 1 < refinements.size() ? CascadeDecision.Next.REFINE : CascadeDecision.Next.STOP_STAGES_EXHAUSTED;
                why = "least certain judgement " + c + " < " + thresholds.judgementCertainty();
            }
            decisions.add(new CascadeDecision(s + 1, stage.model().name(), stage.method(), c, bandStart, bandEnd, predicted,
                    spent.estimatedFlops(), budgetFlops - spent.estimatedFlops(), next,
                    "refined rank positions [" + bandStart + ", " + bandEnd + "); " + why, r.trace()));
            if (next == CascadeDecision.Next.STOP_NO_SIGNAL) {
                break;
            }
        }
        return new CascadeResult(ranking, decisions, spent.estimatedFlops(), spent.countedFlops());
    }

    private double predict(CascadeStage stage, RequestTokens tokens, int depth, int topK) {
        StrategyCost c = CostPrediction.predict(stage.model().architecture(), stage.method(), tokens, depth, topK, settings);
        return fit.of(c);
    }

    private static CallCost totalCost(StrategyTrace t) {
        return new CallCost(t.estimatedFlops(), t.countedFlops(), t.promptTokens(), t.outputTokens(), (int) t.prompts());
    }
}
