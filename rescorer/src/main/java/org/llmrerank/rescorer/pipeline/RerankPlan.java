package org.llmrerank.rescorer.pipeline;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import org.llmrerank.rescorer.Strategy;

/**
 * What the pipeline will do for one search, decided once before anything runs, whichever node then runs it.
 *
 * @param options          the resolved clause
 * @param queryText        the query the model judges passages against
 * @param texts            the window's passage texts in first-stage order, null where a hit has no text
 * @param route            how the search is served
 * @param pointwiseMethod  for {@link Route#SCHEDULED}: the pointwise method the scheduler's programs run (what the
 *                         local path would run for the same request); null otherwise
 */
public record RerankPlan(RerankOptions options, String queryText, List<String> texts, Route route, Strategy pointwiseMethod) {

    /** How a search is served. */
    public enum Route {
        /** The page holds no position the rerank can change (reordering stays inside the window): nothing is spent. */
        SKIP,
        /** No hit of the window has text: nothing for the model to judge, the search keeps first-stage order. */
        NO_TEXT,
        /** The strategy runs on this node's inference executor. */
        LOCAL,
        /**
         * Pointwise programs through the inference scheduler, here or on an inference node: batched across searches,
         * certaindex over depth, deadline-aware degradation.
         */
        SCHEDULED
    }

    public RerankPlan {
        Objects.requireNonNull(options, "options");
        Objects.requireNonNull(queryText, "queryText");
        texts = Collections.unmodifiableList(new ArrayList<>(texts)); // may hold nulls
        Objects.requireNonNull(route, "route");
    }

    /**
     * @param pageTouchesWindow whether the user's page (from, size) holds a position inside the reranked window
     * @param modelStrategies   what the model can run, known without loading it
     * @param schedulerOn       whether this node serves searches through the scheduler (a policy is on, or there are
     *                          inference nodes)
     */
    public static RerankPlan of(RerankOptions options, String queryText, List<String> texts, boolean pageTouchesWindow,
                                Set<Strategy> modelStrategies, boolean schedulerOn) {
        if (pageTouchesWindow == false || texts.isEmpty()) {
            return new RerankPlan(options, queryText, texts, Route.SKIP, null);
        }
        if (texts.stream().allMatch(t -> t == null || t.isBlank())) {
            return new RerankPlan(options, queryText, texts, Route.NO_TEXT, null);
        }
        Strategy method = scheduledMethod(options, modelStrategies);
        if (schedulerOn && options.budgeted() == false && method != null) {
            return new RerankPlan(options, queryText, texts, Route.SCHEDULED, method);
        }
        return new RerankPlan(options, queryText, texts, Route.LOCAL, null);
    }

    /**
     * The scheduler runs pointwise programs of models that only score pointwise (a sorting strategy, or auto over a
     * model that could sort, needs the local path's chooser). The method is the one the local path runs for the same
     * request: the requested pointwise method, or for auto the model's own pointwise method.
     */
    static Strategy scheduledMethod(RerankOptions options, Set<Strategy> modelStrategies) {
        if (modelStrategies.isEmpty() || modelStrategies.stream().allMatch(Strategy::isPointwise) == false) {
            return null;
        }
        Strategy s = options.strategy();
        if (s == Strategy.AUTO) {
            // as the local path does for a model that only scores pointwise: its first concrete pointwise method
            return modelStrategies.stream().filter(Strategy::isPointwise).filter(m -> m != Strategy.POINTWISE).sorted().findFirst()
                .orElse(null);
        }
        return s.isPointwise() ? s : null;
    }

    public int windowSize() {
        return texts.size();
    }

    public int passagesWithText() {
        return (int) texts.stream().filter(t -> t != null && t.isBlank() == false).count();
    }
}
