package org.llmrerank.rescorer;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import org.llmrerank.estimator.RerankMethod;
import org.llmrerank.rescorer.strategy.AutoDecision;
import org.llmrerank.rescorer.strategy.AvailableModel;
import org.llmrerank.rescorer.strategy.BudgetFit;
import org.llmrerank.rescorer.strategy.CostPrediction;
import org.llmrerank.rescorer.strategy.RequestTokens;
import org.llmrerank.rescorer.strategy.StrategyChooser;
import org.llmrerank.rescorer.strategy.StrategySettings;

/**
 * Decides what {@link StrategyWindowReranker} runs on a window: which model, method and depth, and why. It counts
 * tokens and predicts FLOPs but calls no model.
 *
 * <p>A fixed pointwise strategy runs as requested. {@code auto} on a model that cannot say what it runs means its
 * pointwise scores. {@code auto} with one model, one method and no budget has nothing to choose; with fewer than two
 * passages with text there is nothing to reorder, so it scores pointwise. Otherwise {@code auto} is the
 * {@link StrategyChooser}'s decision over every model, and a fixed sorting method runs on the deepest leading window
 * whose worst-case predicted FLOPs fit the budget (nothing when not even two passages fit).
 */
public final class WindowPlanner {

    private final StrategyChooser chooser;
    private final StrategySettings settings;
    private final BudgetFit fit;

    public WindowPlanner(StrategyChooser chooser, StrategySettings settings, BudgetFit fit) {
        this.chooser = Objects.requireNonNull(chooser, "chooser");
        this.settings = Objects.requireNonNull(settings, "settings");
        this.fit = Objects.requireNonNull(fit, "fit");
    }

    /**
     * @param models      the models the request may use; a fixed strategy runs on the first
     * @param texts       passage text per first-stage position; null or blank = no text
     * @param topK        positions that must be exact
     * @param flopsBudget per-query budget; +infinity = none
     * @throws ModelException when the first model cannot run the requested strategy
     */
    public WindowPlan plan(List<RerankModel> models, Strategy requested, String query, List<String> texts, int topK, double flopsBudget)
            throws ModelException {
        if (models.isEmpty()) {
            throw new IllegalArgumentException("no model to rerank with");
        }
        RerankModel first = models.get(0);
        Optional<AvailableModel> firstCaps = first.capabilities();
        if (requested.isPointwise() || (requested == Strategy.AUTO && firstCaps.isEmpty())) {
            // a model that cannot say what it runs or costs has only its pointwise scores: auto means those
            return new WindowPlan.PointwiseAsRequested(first, requested, requested == Strategy.AUTO ? firstPointwise(first) : requested);
        }
        AvailableModel caps = firstCaps.orElseThrow(() -> new ModelException("model [" + first.name() + "] cannot run " + requested));
        TextWindow window = TextWindow.of(texts);
        int n = window.size();
        if (requested == Strategy.AUTO && caps.pointwise() != null) {
            if (models.size() == 1 && Double.isInfinite(flopsBudget) && caps.methods().size() == 1 && n >= 2) {
                // nothing to choose, so no token counting and cost prediction per query
                return onlyPointwise(first, caps, requested, "the model's only method, no budget", window);
            }
            if (n < 2) {
                // nothing to reorder: score what there is pointwise (cheapest, and the hit gets the model's score)
                return onlyPointwise(first, caps, requested, "fewer than two passages with text: pointwise", window);
            }
        }
        return requested == Strategy.AUTO
            ? auto(models, first, caps, requested, query, texts.size(), window, topK, flopsBudget)
            : fixed(first, caps, requested, query, texts.size(), window, topK, flopsBudget);
    }

    private static WindowPlan onlyPointwise(RerankModel first, AvailableModel caps, Strategy requested, String reason, TextWindow window) {
        return new WindowPlan.ScorePointwise(caps.pointwise(),
            new StrategyDecision(first.name(), requested, caps.pointwiseMethod(), "chosen", reason, window.size(), Double.NaN), window);
    }

    private WindowPlan auto(List<RerankModel> models, RerankModel first, AvailableModel firstCaps, Strategy requested, String query,
                            int windowSize, TextWindow window, int topK, double flopsBudget) {
        List<AvailableModel> all = new ArrayList<>();
        List<RerankModel> runners = new ArrayList<>();
        for (RerankModel m : models) {
            m.capabilities().ifPresent(c -> {
                all.add(c);
                runners.add(m);
            });
        }
        AutoDecision d = chooser.choose(all, query, window.texts(), topK, flopsBudget);
        String outcome = d.outcome().name().toLowerCase(Locale.ROOT);
        if (d.reranks() == false) {
            return new WindowPlan.FirstStage(StrategyDecision.nothing(requested, outcome, d.reason()), windowSize, window.size());
        }
        // the last model of that name, should two share one
        AvailableModel caps = firstCaps;
        RerankModel runner = first;
        for (int i = 0; i < all.size(); i++) {
            if (all.get(i).name().equals(d.model())) {
                caps = all.get(i);
                runner = runners.get(i);
            }
        }
        StrategyDecision decision = new StrategyDecision(runner.name(), requested, d.method(), outcome, d.reason(), d.depth(),
            d.predictedFlops());
        return run(runner, caps, decision, window);
    }

    private WindowPlan fixed(RerankModel model, AvailableModel caps, Strategy requested, String query, int windowSize, TextWindow window,
                             int topK, double flopsBudget) throws ModelException {
        RerankMethod method = caps.methodFor(requested).orElseThrow(() -> new ModelException(
            "model [" + model.name() + "] cannot run " + requested + "; it runs " + caps.methods()));
        int n = window.size();
        RequestTokens tokens = RequestTokens.count(caps.tokens(), query, window.texts(), settings);
        int depth = n;
        double predicted = n == 0 ? 0 : fit.of(CostPrediction.predict(caps.architecture(), method, tokens, n, topK, settings));
        while (depth >= 2 && predicted > flopsBudget) {
            depth--;
            predicted = fit.of(CostPrediction.predict(caps.architecture(), method, tokens, depth, topK, settings));
        }
        if (n >= 2 && depth < 2) {
            return new WindowPlan.FirstStage(
                StrategyDecision.nothing(requested, null, "not even two passages fit the budget with " + method), windowSize, n);
        }
        String reason = depth < n ? method + " as requested, on the top " + depth + " passages that fit the budget" : method + " as requested";
        return run(model, caps, new StrategyDecision(model.name(), requested, method, null, reason, depth, predicted), window);
    }

    /** A pointwise method fits the budget passage by passage within the depth; the others run on the whole depth. */
    private static WindowPlan run(RerankModel model, AvailableModel caps, StrategyDecision decision, TextWindow window) {
        return decision.method().methodName().startsWith("pointwise")
            ? new WindowPlan.ScorePointwise(model, decision, window)
            : new WindowPlan.Sort(caps, decision, window);
    }

    /** The first pointwise method the model names (not the generic {@code pointwise}), for {@code auto} without capabilities. */
    private static Strategy firstPointwise(RerankModel model) throws ModelException {
        return model.supportedStrategies().stream().filter(Strategy::isPointwise).filter(s -> s != Strategy.POINTWISE)
            .sorted().findFirst()
            .orElseThrow(() -> new ModelException("model [" + model.name() + "] has no pointwise strategy to run for auto"));
    }
}
