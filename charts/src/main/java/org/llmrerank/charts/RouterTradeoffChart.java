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
 * What Dr.LLM routers trade on the bundled int8 bge-small: NDCG@10 against PFLOPs per query and against model time, one
 * line for the layered engine through its runs without routers and at each knob (labelled), beside the one-session graph
 * ({@value #ONE_SESSION}) as the reference point. Unbudgeted pointwise runs only.
 *
 * <p>The time axis is model time over the one session's, as {@code bench --layered} measures it with the engines
 * alternated in one run ({@link LayeredTiming}): the run without routers at the full path's median ratio, a routed run
 * at the ratio of the bench at its knob (left out where no bench ran at that knob), the one session at 1. The eval runs'
 * own model seconds are not used: they come from separate runs, and on a shared CPU those drift more than the
 * difference being drawn.
 */
public final class RouterTradeoffChart {

    /** The reference: the int8 graph in one ONNX Runtime session. */
    public static final String ONE_SESSION = "bge-small";
    /** The same graph on the layered runtime, with or without routers. */
    public static final String LAYERED = "bge-small-routed-int8";

    private RouterTradeoffChart() {}

    /** The two panels: against PFLOPs, against model time relative to the one session. */
    public static List<XYChart> of(List<RunResult> runs, List<LayeredTiming> timings, String title) {
        List<RunResult> drawn = runs.stream()
            .filter(r -> r.budgetFlops() == null && r.strategy().equals("pointwise"))
            .filter(r -> r.model().equals(ONE_SESSION) || r.model().equals(LAYERED))
            .toList();
        if (drawn.stream().noneMatch(r -> r.model().equals(LAYERED))) {
            throw new ChartInputException("no unbudgeted pointwise run of " + LAYERED + " to draw the routers' trade-off from");
        }
        XYChart flops = panel(title, "PFLOPs per query (counted where the runtime counts, else estimated)", "0.00000",
            drawn, RunResult::pflops);
        Map<RunResult, Double> ratios = new LinkedHashMap<>();
        for (RunResult r : drawn) {
            Double ratio = timeRatio(r, timings);
            if (ratio != null) {
                ratios.put(r, ratio);
            }
        }
        XYChart time = panel(title, "model time / " + ONE_SESSION + " in one session (bench --layered, alternated)", "0.000",
            List.copyOf(ratios.keySet()), ratios::get);
        return List.of(flops, time);
    }

    /** The run's model time over the one session's, or null where no bench measured it. */
    static Double timeRatio(RunResult r, List<LayeredTiming> timings) {
        if (r.model().equals(ONE_SESSION)) {
            return 1.0;
        }
        if (r.routerKnob() == null) {
            double[] full = timings.stream().mapToDouble(LayeredTiming::layeredRatio).sorted().toArray();
            return full.length == 0 ? null : full[full.length / 2];
        }
        return timings.stream()
            .filter(t -> t.knob() != null && t.routedRatio() != null && Math.abs(t.knob() - r.routerKnob()) < 1e-9)
            .map(LayeredTiming::routedRatio)
            .findFirst().orElse(null);
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
            // in the order of the FLOPs the runs cost (the knob's order), on either axis
            sorted.sort(Comparator.comparingDouble(RunResult::pflops));
            XYSeries s = chart.addSeries(model, sorted.stream().mapToDouble(x).toArray(),
                sorted.stream().mapToDouble(RunResult::ndcgAt10).toArray());
            s.setXYSeriesRenderStyle(sorted.size() > 1 ? XYSeries.XYSeriesRenderStyle.Line : XYSeries.XYSeriesRenderStyle.Scatter);
        });
        DoubleSummaryStatistics ndcg = runs.stream().mapToDouble(RunResult::ndcgAt10).summaryStatistics();
        double below = 0.03 * Math.max(ndcg.getMax() - ndcg.getMin(), 1e-3);
        for (RunResult r : runs) {
            // runs without routers labelled above their point, routed ones below: the two nearest points stay readable
            double y = r.routers() == null ? r.ndcgAt10() + below : r.ndcgAt10() - below;
            chart.addAnnotation(new AnnotationText(knobLabel(r), x.applyAsDouble(r), y, false));
        }
        return chart;
    }

    /** {@code knob -0.30} for a routed run, {@code one session} for the reference, {@code no routers} otherwise. */
    static String knobLabel(RunResult r) {
        if (r.model().equals(ONE_SESSION)) {
            return "one session";
        }
        return r.routers() == null ? "no routers" : String.format(Locale.ROOT, "knob %.2f", r.routerKnob());
    }
}
