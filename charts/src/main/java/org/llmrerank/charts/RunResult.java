package org.llmrerank.charts;

import java.util.Locale;

/**
 * One measured evaluation run, as {@code bin/llm-rerank eval --results} writes it: what ran (model, strategy, FLOPs
 * budget, router setting) and what it scored and cost.
 *
 * @param model             model name ({@code bm25}: the first stage, no model); several comma-separated under {@code auto}
 * @param strategy          the clause strategy ({@code none} for bm25)
 * @param budgetFlops       per-query FLOPs budget, null when unlimited
 * @param routers           the routers file's name, null without routers
 * @param routerKnob        Dr.LLM's inference knob, null without routers
 * @param ndcgAt10          mean NDCG@10 over the run's queries
 * @param pflopsEstimated   estimated PFLOPs per query (E2R-FLOPs); 0 for bm25
 * @param pflopsCounted     PFLOPs per query counted by the runtime, null where the engine cannot count (ONNX Runtime)
 * @param modelSeconds      model time summed over the run's queries, null for bm25
 * @param queries           queries evaluated
 */
public record RunResult(String model, String strategy, Double budgetFlops, String routers, Double routerKnob, double ndcgAt10,
                        double pflopsEstimated, Double pflopsCounted, Double modelSeconds, int queries) {

    /** The run's cost on the chart: counted PFLOPs where the runtime counts them (what ran), else the estimate. */
    public double pflops() {
        return pflopsCounted != null ? pflopsCounted : pflopsEstimated;
    }

    /** Runs that differ only in their budget share a series: model, strategy and router setting. */
    public String seriesName() {
        StringBuilder name = new StringBuilder(model);
        if (!strategy.equals("pointwise") && !strategy.equals("none")) {
            name.append(' ').append(strategy);
        }
        if (routers != null) {
            name.append(String.format(Locale.ROOT, " + routers (knob %.2f)", routerKnob));
        }
        return name.toString();
    }

    /** The budget as a short label ({@code 0.1tf}), empty when unlimited. */
    public String budgetLabel() {
        if (budgetFlops == null) {
            return "";
        }
        return String.format(Locale.ROOT, "%stf", trim(budgetFlops / 1e12));
    }

    private static String trim(double v) {
        String s = String.format(Locale.ROOT, "%.3f", v);
        return s.replaceAll("0+$", "").replaceAll("\\.$", "");
    }
}
