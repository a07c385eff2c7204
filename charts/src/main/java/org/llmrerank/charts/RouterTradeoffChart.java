package org.llmrerank.charts;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.DoubleSummaryStatistics;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.ToDoubleFunction;
import org.knowm.xchart.AnnotationText;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;

/**
 * What Dr.LLM routers trade: NDCG@10 against PFLOPs per query and against model time per query, one line per model
 * through its runs without routers and with them at each knob (labelled), for the unbudgeted pointwise runs. A model
 * run without routers only (a reference such as the one-session int8 graph) is a single point. Runs without a model
 * time are left out of the time panel.
 */
public final class RouterTradeoffChart {

    private RouterTradeoffChart() {}

    /** The two panels: against PFLOPs, against model milliseconds per query. */
    public static List<XYChart> of(List<RunResult> runs, String title) {
        List<RunResult> unbudgeted = runs.stream()
            .filter(r -> r.budgetFlops() == null && r.strategy().equals("pointwise"))
            .toList();
        if (unbudgeted.isEmpty()) {
            throw new ChartInputException("no unbudgeted pointwise run to draw the routers' trade-off from");
        }
        XYChart flops = panel(title, "PFLOPs per query (counted where the runtime counts, else estimated)", "0.00000",
            unbudgeted, RunResult::pflops);
        List<RunResult> timed = unbudgeted.stream().filter(r -> r.modelSeconds() != null).toList();
        XYChart time = panel(title, "model time per query (ms)", "0", timed, r -> 1000 * r.modelSeconds() / r.queries());
        return List.of(flops, time);
    }

    private static XYChart panel(String title, String xTitle, String xPattern, List<RunResult> runs, ToDoubleFunction<RunResult> x) {
        XYChart chart = new XYChartBuilder().width(900).height(600).title(title).xAxisTitle(xTitle).yAxisTitle("NDCG@10").build();
        ChartStyle.apply(chart);
        chart.getStyler().setXAxisDecimalPattern(xPattern);
        chart.getStyler().setYAxisDecimalPattern("0.000");
        Map<String, List<RunResult>> byModel = new LinkedHashMap<>();
        for (RunResult r : runs) {
            byModel.computeIfAbsent(r.model(), k -> new ArrayList<>()).add(r);
        }
        byModel.forEach((model, points) -> {
            List<RunResult> sorted = new ArrayList<>(points);
            sorted.sort(Comparator.comparingDouble(x));
            XYSeries s = chart.addSeries(model, sorted.stream().mapToDouble(x).toArray(),
                sorted.stream().mapToDouble(RunResult::ndcgAt10).toArray());
            s.setXYSeriesRenderStyle(sorted.size() > 1 ? XYSeries.XYSeriesRenderStyle.Line : XYSeries.XYSeriesRenderStyle.Scatter);
        });
        DoubleSummaryStatistics ndcg = runs.stream().mapToDouble(RunResult::ndcgAt10).summaryStatistics();
        double below = 0.03 * Math.max(ndcg.getMax() - ndcg.getMin(), 1e-3);
        for (RunResult r : runs) {
            chart.addAnnotation(new AnnotationText(knobLabel(r), x.applyAsDouble(r), r.ndcgAt10() - below, false));
        }
        return chart;
    }

    /** {@code knob -0.30} for a routed run, {@code no routers} otherwise. */
    static String knobLabel(RunResult r) {
        return r.routers() == null ? "no routers" : String.format(Locale.ROOT, "knob %.2f", r.routerKnob());
    }
}
