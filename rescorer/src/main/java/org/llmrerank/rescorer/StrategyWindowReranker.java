package org.llmrerank.rescorer;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.llmrerank.estimator.RerankMethod;
import org.llmrerank.rescorer.strategy.AutoDecision;
import org.llmrerank.rescorer.strategy.AvailableModel;
import org.llmrerank.rescorer.strategy.BudgetFit;
import org.llmrerank.rescorer.strategy.ClauseStrategies;
import org.llmrerank.rescorer.strategy.CostPrediction;
import org.llmrerank.rescorer.strategy.RequestTokens;
import org.llmrerank.rescorer.strategy.StrategyChooser;
import org.llmrerank.rescorer.strategy.StrategyResult;
import org.llmrerank.rescorer.strategy.StrategySettings;
import org.llmrerank.rescorer.strategy.StrategyTrace;
import org.llmrerank.routing.Cancellation;

/**
 * Reranks one query's window with the strategy a request asked for, the one {@code auto} chooses under its
 * FLOPs budget, or a fixed setwise / pairwise / listwise method, and reports what ran and why.
 *
 * <p>Pointwise methods go through {@link PointwiseWindowReranker} (absolute scores, exact per-passage budget fit).
 * Sorting methods produce an order, not scores: the hits get rank-derived scores (higher = better) so the same
 * ordering rule applies to every method, passages beyond the reranked depth follow in first-stage order, and
 * passages without text follow all of them. A fixed sorting method under a budget runs on the deepest leading
 * window whose worst-case predicted FLOPs fit; when not even two passages fit, nothing runs.
 */
public final class StrategyWindowReranker {

    private final StrategyChooser chooser;
    private final StrategySettings settings;
    private final BudgetFit fit;

    public StrategyWindowReranker(StrategyChooser chooser, StrategySettings settings, BudgetFit fit) {
        this.chooser = Objects.requireNonNull(chooser, "chooser");
        this.settings = Objects.requireNonNull(settings, "settings");
        this.fit = Objects.requireNonNull(fit, "fit");
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
        if (models.isEmpty()) {
            throw new IllegalArgumentException("no model to rerank with");
        }
        final RerankModel first = models.get(0);
        RerankModel model = first;
        Optional<AvailableModel> caps = first.capabilities();
        if (requested.isPointwise() || (requested == Strategy.AUTO && caps.isEmpty())) {
            // a model that cannot say what it runs or costs has only its pointwise scores: auto means those
            Strategy s = requested == Strategy.AUTO ? firstPointwise(first) : requested;
            RerankOutcome o = PointwiseWindowReranker.rerank(first, s, query, texts, flopsBudget, cancellation);
            return requested == Strategy.AUTO ? o.withReport(PointwiseReports.of(first.name(), requested, s, o.scoredDocs())) : o;
        }
        AvailableModel am = caps.orElseThrow(() -> new ModelException("model [" + first.name() + "] cannot run " + requested));
        List<Integer> positions = new ArrayList<>();
        List<String> withText = new ArrayList<>();
        for (int i = 0; i < texts.size(); i++) {
            String t = texts.get(i);
            if (t != null && t.isBlank() == false) {
                positions.add(i);
                withText.add(t);
            }
        }
        int n = withText.size();
        if (requested == Strategy.AUTO && models.size() == 1 && Double.isInfinite(flopsBudget) && am.pointwise() != null
                && am.methods().size() == 1 && n >= 2) {
            // one model, one method, no budget: nothing to choose, so no token counting and cost prediction per query
            RerankOutcome o = PointwiseWindowReranker.rerank(am.pointwise(), ClauseStrategies.of(am.pointwiseMethod()), query, texts,
                flopsBudget, cancellation);
            return o.withReport(PointwiseReports.of(first.name(), requested, ClauseStrategies.of(am.pointwiseMethod()), o.scoredDocs()));
        }
        if (requested == Strategy.AUTO && n < 2 && am.pointwise() != null) {
            // nothing to reorder: score what there is pointwise (cheapest, and the hit gets the model's score)
            RerankOutcome o = PointwiseWindowReranker.rerank(am.pointwise(), ClauseStrategies.of(am.pointwiseMethod()), query, texts,
                flopsBudget, cancellation);
            return o.withReport(PointwiseReports.of(first.name(), requested, ClauseStrategies.of(am.pointwiseMethod()), o.scoredDocs()));
        }
        RerankMethod method;
        int depth;
        String autoOutcome = null;
        String reason;
        double predicted;
        if (requested == Strategy.AUTO) {
            List<AvailableModel> all = new ArrayList<>();
            List<RerankModel> runners = new ArrayList<>();
            for (RerankModel m : models) {
                m.capabilities().ifPresent(c -> {
                    all.add(c);
                    runners.add(m);
                });
            }
            AutoDecision d = chooser.choose(all, query, withText, topK, flopsBudget);
            autoOutcome = d.outcome().name().toLowerCase(java.util.Locale.ROOT);
            reason = d.reason();
            if (d.reranks() == false) {
                return nothingRan(texts.size(), requested, autoOutcome, reason, n);
            }
            for (int i = 0; i < all.size(); i++) {
                if (all.get(i).name().equals(d.model())) {
                    am = all.get(i);
                    model = runners.get(i);
                }
            }
            method = d.method();
            depth = d.depth();
            predicted = d.predictedFlops();
        } else {
            AvailableModel fixed = am;
            method = ClauseStrategies.methodFor(requested, fixed).orElseThrow(() -> new ModelException(
                "model [" + first.name() + "] cannot run " + requested + "; it runs " + fixed.methods()));
            RequestTokens tokens = RequestTokens.count(am.tokens(), query, withText, settings);
            depth = n;
            predicted = n == 0 ? 0 : fit.of(CostPrediction.predict(am.architecture(), method, tokens, n, topK, settings));
            while (depth >= 2 && predicted > flopsBudget) {
                depth--;
                predicted = fit.of(CostPrediction.predict(am.architecture(), method, tokens, depth, topK, settings));
            }
            if (n >= 2 && depth < 2) {
                return nothingRan(texts.size(), requested, null, "not even two passages fit the budget with " + method, n);
            }
            reason = depth < n ? method + " as requested, on the top " + depth + " passages that fit the budget" : method + " as requested";
        }
        if (method.methodName().startsWith("pointwise")) {
            // exact per-passage fit inside the chosen depth: the pointwise path shortens the window itself
            List<String> window = new ArrayList<>(texts);
            for (int j = depth; j < n; j++) {
                window.set(positions.get(j), null);
            }
            RerankOutcome o = PointwiseWindowReranker.rerank(model, ClauseStrategies.of(method), query, window, flopsBudget, cancellation);
            // the passages cut from the depth still have text: the budget left them out, the field did not
            return o.withBudget(new RerankOutcome.BudgetEffect(o.budget().passagesThatFit(), n, o.budget().enforceable()))
                .withReport(new StrategyReport(model.name(), requested.clauseName(), method.methodName(), autoOutcome, reason, o.scoredDocs(),
                predicted, o.scoredDocs() + 1L, false, "", false));
        }
        if (cancellation.isCancelled()) {
            throw new ModelException("model [" + model.name() + "]: cancelled before " + method + " started");
        }
        long start = System.nanoTime();
        StrategyResult result = am.cancellable(cancellation).strategy(method, settings)
            .rerank(query, withText.subList(0, depth), Math.min(topK, depth));
        long nanos = System.nanoTime() - start;
        float[] scores = new float[texts.size()];
        Arrays.fill(scores, Float.NaN);
        int[] order = result.order();
        for (int rank = 0; rank < order.length; rank++) {
            scores[positions.get(order[rank])] = order.length - rank; // rank-derived: distinct, higher = better
        }
        StrategyTrace t = result.trace();
        StrategyReport report = new StrategyReport(model.name(), requested.clauseName(), method.methodName(), autoOutcome, reason, depth, predicted,
            t.calls(), t.earlyStopped(), t.earlyStopReason(), true);
        return new RerankOutcome(PointwiseWindowReranker.order(scores), scores, ClauseStrategies.of(method), depth, t.estimatedFlops(),
            t.countedFlops(), t.promptTokens() + t.outputTokens(), nanos, LayerUsage.UNREPORTED,
            new RerankOutcome.BudgetEffect(depth, n, true), report);
    }

    private static RerankOutcome nothingRan(int size, Strategy requested, String autoOutcome, String reason, int withText) {
        float[] scores = new float[size];
        Arrays.fill(scores, Float.NaN);
        return new RerankOutcome(PointwiseWindowReranker.order(scores), scores, requested, 0, 0, -1, 0, 0, LayerUsage.UNREPORTED,
            new RerankOutcome.BudgetEffect(0, withText, true),
            new StrategyReport(null, requested.clauseName(), null, autoOutcome, reason, 0, 0, 0, false, "", false));
    }

    private static Strategy firstPointwise(RerankModel model) throws ModelException {
        return model.supportedStrategies().stream().filter(Strategy::isPointwise).filter(s -> s != Strategy.POINTWISE)
            .sorted().findFirst()
            .orElseThrow(() -> new ModelException("model [" + model.name() + "] has no pointwise strategy to run for auto"));
    }
}
