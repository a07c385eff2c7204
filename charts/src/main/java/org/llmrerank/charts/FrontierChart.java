package org.llmrerank.charts;

import java.awt.Color;
import java.util.ArrayList;
import java.util.DoubleSummaryStatistics;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.knowm.xchart.AnnotationText;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * NDCG@10 against PFLOPs per query, one point per measured run (E2R-FLOPs' view of reranking): a scatter series per
 * model / strategy / router setting, its budgets labelled beside their points, and the Pareto frontier over all runs
 * drawn as a line.
 */
public final class FrontierChart {

    /** The frontier's series name. */
    public static final String FRONTIER = "Pareto frontier";

    private FrontierChart() {}

    /** @param title what the runs were measured on, e.g. "DL19 (43 queries, BM25 top-100)" */
    public static XYChart of(List<RunResult> runs, String title) {
        XYChart chart = new XYChartBuilder().width(900).height(600).title(title)
                .xAxisTitle("PFLOPs per query (counted where the runtime counts, else estimated)").yAxisTitle("NDCG@10").build();
        ChartStyle.apply(chart);
        chart.getStyler().setXAxisDecimalPattern("0.0000");
        chart.getStyler().setYAxisDecimalPattern("0.00");
        chart.getStyler().setXAxisMin(0.0);

        List<RunResult> frontier = ParetoFrontier.of(runs, RunResult::pflops, RunResult::ndcgAt10);
        XYSeries line = chart.addSeries(FRONTIER, frontier.stream().mapToDouble(RunResult::pflops).toArray(),
                frontier.stream().mapToDouble(RunResult::ndcgAt10).toArray());
        line.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Line);
        line.setMarker(SeriesMarkers.NONE);
        line.setLineColor(Color.DARK_GRAY);

        Map<String, List<RunResult>> bySeries = new LinkedHashMap<>();
        for (RunResult r : runs) {
            bySeries.computeIfAbsent(r.seriesName(), k -> new ArrayList<>()).add(r);
        }
        bySeries.forEach((name, points) -> {
            XYSeries s = chart.addSeries(name, points.stream().mapToDouble(RunResult::pflops).toArray(),
                    points.stream().mapToDouble(RunResult::ndcgAt10).toArray());
            s.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
        });
        labelBudgets(chart, runs);
        return chart;
    }

    /**
     * Writes each budget under its point; runs of one budget that land on almost the same spot (two models shortened to
     * the same cost) share one label, since two copies of it a few pixels apart read as neither.
     */
    private static void labelBudgets(XYChart chart, List<RunResult> runs) {
        double xSpan = runs.stream().mapToDouble(RunResult::pflops).max().orElse(0);
        DoubleSummaryStatistics ndcg = runs.stream().mapToDouble(RunResult::ndcgAt10).summaryStatistics();
        double ySpan = ndcg.getMax() - ndcg.getMin();
        List<RunResult> labelled = new ArrayList<>();
        for (RunResult r : runs) {
            boolean near = labelled.stream().anyMatch(l -> l.budgetLabel().equals(r.budgetLabel())
                    && Math.abs(l.pflops() - r.pflops()) <= 0.03 * xSpan && Math.abs(l.ndcgAt10() - r.ndcgAt10()) <= 0.03 * ySpan);
            if (!r.budgetLabel().isEmpty() && !near) {
                chart.addAnnotation(new AnnotationText(r.budgetLabel(), r.pflops(), r.ndcgAt10() - 0.03 * ySpan, false));
                labelled.add(r);
            }
        }
    }
}
