package org.llmrerank.charts;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.ToDoubleFunction;

/**
 * The quality/cost Pareto frontier (the E2R-FLOPs view of rerankers): the points no other point dominates, where a point
 * dominates another when it costs no more, ranks at least as well, and is strictly better in one of the two.
 */
public final class ParetoFrontier {

    private ParetoFrontier() {}

    /**
     * @return the non-dominated points, cheapest first (quality then rises strictly along the list); of points equal in
     *         both cost and quality the first given is kept
     */
    public static <T> List<T> of(List<T> points, ToDoubleFunction<T> cost, ToDoubleFunction<T> quality) {
        List<T> byCost = new ArrayList<>(points);
        // cheapest first, and at equal cost the best first, so that a point is on the frontier exactly when it beats the
        // best quality of every point before it
        byCost.sort(Comparator.comparingDouble(cost).thenComparing(Comparator.comparingDouble(quality).reversed()));
        List<T> frontier = new ArrayList<>();
        double best = Double.NEGATIVE_INFINITY;
        for (T p : byCost) {
            if (quality.applyAsDouble(p) > best) {
                frontier.add(p);
                best = quality.applyAsDouble(p);
            }
        }
        return frontier;
    }
}
