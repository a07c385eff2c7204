package org.llmrerank.charts;

import java.awt.Color;
import java.util.List;
import java.util.Locale;
import java.util.function.ToDoubleFunction;
import org.knowm.xchart.AnnotationLine;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.lines.SeriesLines;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * The scheduler's load curve against offered load, one line per policy, in three panels: searches per second answered
 * with the model's ranking within the deadline (beside the offered rate), latency (p50 solid, p95 dashed, the deadline
 * drawn), and NDCG@10. A policy keeps its colour in every panel.
 */
public final class LoadCurveChart {

    /** The diagonal a policy that answers every search in time would follow. */
    public static final String OFFERED = "offered";

    /** Colours of the policies, in the order they appear in the summary. */
    private static final Color[] POLICY_COLOURS = {new Color(31, 119, 180), new Color(214, 39, 40), new Color(44, 160, 44),
        new Color(148, 103, 189)};

    private LoadCurveChart() {}

    public static List<XYChart> of(LoadCurve curve) {
        return List.of(throughput(curve), latency(curve), quality(curve));
    }

    private static XYChart throughput(LoadCurve curve) {
        XYChart chart = panel(curve, "Throughput within the deadline", "searches/s within the deadline");
        double[] rates = curve.points().stream().mapToDouble(LoadPoint::rate).distinct().sorted().toArray();
        XYSeries offered = chart.addSeries(OFFERED, rates, rates);
        offered.setMarker(SeriesMarkers.NONE);
        offered.setLineColor(Color.LIGHT_GRAY);
        for (String policy : curve.policies()) {
            line(chart, policy, colour(curve, policy), curve.of(policy), LoadPoint::goodput);
        }
        chart.getStyler().setLegendPosition(Styler.LegendPosition.InsideNW);
        return chart;
    }

    private static XYChart latency(LoadCurve curve) {
        XYChart chart = panel(curve, String.format(Locale.ROOT, "Latency (deadline %d ms)", curve.deadlineMs()), "ms");
        for (String policy : curve.policies()) {
            line(chart, policy + " p50", colour(curve, policy), curve.of(policy), LoadPoint::latencyMsP50);
            line(chart, policy + " p95", colour(curve, policy), curve.of(policy), LoadPoint::latencyMsP95).setLineStyle(SeriesLines.DASH_DASH);
        }
        chart.addAnnotation(new AnnotationLine(curve.deadlineMs(), false, false));
        chart.getStyler().setYAxisMin(0.0);
        chart.getStyler().setLegendPosition(Styler.LegendPosition.InsideSE);
        return chart;
    }

    private static XYChart quality(LoadCurve curve) {
        XYChart chart = panel(curve, "Quality under load", "NDCG@10");
        for (String policy : curve.policies()) {
            line(chart, policy, colour(curve, policy), curve.of(policy), LoadPoint::ndcgAt10);
        }
        chart.getStyler().setYAxisDecimalPattern("0.00");
        chart.getStyler().setLegendPosition(Styler.LegendPosition.InsideSW);
        return chart;
    }

    private static XYChart panel(LoadCurve curve, String title, String yAxis) {
        XYChart chart = new XYChartBuilder().width(600).height(450).title(title)
                .xAxisTitle(String.format(Locale.ROOT, "offered searches/s (%s, %d per point)", curve.model(), curve.queriesPerPoint()))
                .yAxisTitle(yAxis).build();
        ChartStyle.apply(chart);
        chart.getStyler().setXAxisDecimalPattern("0.00");
        return chart;
    }

    private static Color colour(LoadCurve curve, String policy) {
        return POLICY_COLOURS[curve.policies().indexOf(policy) % POLICY_COLOURS.length];
    }

    private static XYSeries line(XYChart chart, String name, Color colour, List<LoadPoint> points, ToDoubleFunction<LoadPoint> y) {
        XYSeries s = chart.addSeries(name, points.stream().mapToDouble(LoadPoint::rate).toArray(), points.stream().mapToDouble(y).toArray());
        s.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Line);
        s.setLineColor(colour);
        s.setMarkerColor(colour);
        s.setMarker(SeriesMarkers.CIRCLE);
        return s;
    }
}
