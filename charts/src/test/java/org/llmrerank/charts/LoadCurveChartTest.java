package org.llmrerank.charts;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.knowm.xchart.XYChart;

class LoadCurveChartTest {

    /** The shape of SchedulerLoadIT's summary, two rates, the two policies each (fields charts does not read left in). */
    private static final String SUMMARY = """
            {"job":"scheduler-load","model":"bge-small","deadline_ms":4000,"queries_per_point":12,"cores":2,"points":[
             {"policy":"fifo","rate":0.5,"queries":12,"attainment":1.0,"ndcg@10":0.70,"latency_ms_p50":1500,"latency_ms_p95":2500,"outcomes":{"complete":12}},
             {"policy":"certaindex","rate":0.5,"queries":12,"attainment":1.0,"ndcg@10":0.69,"latency_ms_p50":1400,"latency_ms_p95":2300},
             {"policy":"fifo","rate":1.0,"queries":12,"attainment":0.5,"ndcg@10":0.60,"latency_ms_p50":3900,"latency_ms_p95":4100},
             {"policy":"certaindex","rate":1.0,"queries":12,"attainment":0.75,"ndcg@10":0.66,"latency_ms_p50":2000,"latency_ms_p95":3900}],
             "service_ms_full_window_fifo":1000}""";

    private static LoadCurve curve(Path dir) throws Exception {
        Path file = dir.resolve("scheduler-load.json");
        Files.writeString(file, SUMMARY);
        return LoadCurve.read(file);
    }

    @Test
    void throughputWithinTheDeadlineIsAttainmentTimesRatePerPolicy(@TempDir Path dir) throws Exception {
        LoadCurve curve = curve(dir);
        assertEquals(List.of("fifo", "certaindex"), curve.policies());
        List<XYChart> panels = LoadCurveChart.of(curve);
        assertEquals(3, panels.size());
        XYChart throughput = panels.get(0);
        assertEquals(List.of(LoadCurveChart.OFFERED, "fifo", "certaindex"), List.copyOf(throughput.getSeriesMap().keySet()));
        assertArrayEquals(new double[] {0.5, 0.5}, throughput.getSeriesMap().get("fifo").getYData(), 1e-12);
        assertArrayEquals(new double[] {0.5, 0.75}, throughput.getSeriesMap().get("certaindex").getYData(), 1e-12);
        assertEquals(List.of("fifo p50", "fifo p95", "certaindex p50", "certaindex p95"),
                List.copyOf(panels.get(1).getSeriesMap().keySet()));
    }

    @Test
    void writesThePanelsSideBySideAsPngAndSvg(@TempDir Path dir) throws Exception {
        List<Path> files = new ChartSheet(LoadCurveChart.of(curve(dir))).write(dir, "load-curve");
        ChartFiles.assertPng(files.get(0), 1800, 450);
        String expected = "Throughput within the deadline | Latency (deadline 4000 ms) | Quality under load\n"
                + "Throughput within the deadline: offered, fifo, certaindex; "
                + "Latency (deadline 4000 ms): fifo p50, fifo p95, certaindex p50, certaindex p95; "
                + "Quality under load: fifo, certaindex";
        assertEquals(expected, ChartFiles.svgWords(files.get(1)));
        assertEquals(expected, ChartFiles.pngWords(files.get(0)));
    }

    @Test
    void aSummaryWithoutPointsOrWithABadFieldIsRefusedNamingIt(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("scheduler-load.json");
        Files.writeString(file, "{\"model\":\"bge-small\",\"deadline_ms\":1,\"queries_per_point\":1,\"points\":[]}");
        ChartInputException e = assertThrows(ChartInputException.class, () -> LoadCurve.read(file));
        assertTrue(e.getMessage().contains("[points]"), e.getMessage());
        Files.writeString(file, SUMMARY.replace("\"latency_ms_p95\":4100", "\"latency_ms_p95\":null"));
        e = assertThrows(ChartInputException.class, () -> LoadCurve.read(file));
        assertTrue(e.getMessage().contains("points[2]") && e.getMessage().contains("[latency_ms_p95]"), e.getMessage());
    }
}
