package org.llmrerank.charts;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.knowm.xchart.XYChart;

class RouterTradeoffChartTest {

    private static final String ROUTED = RunResultsTest.ROUTED.replace("\"model\":\"bge-small-routed\"",
        "\"model\":\"bge-small-routed-int8\"");
    private static final String PLAIN = ROUTED.replace("\"routers\":\"routers-dev.bin\"", "\"routers\":null")
        .replace("\"router_knob\":-0.3", "\"router_knob\":null").replace("\"ndcg@10\":0.6820", "\"ndcg@10\":0.6941")
        .replace("\"pflops_per_query_counted\":3.3E-4", "\"pflops_per_query_counted\":3.61E-4");
    private static final String OTHER_KNOB = ROUTED.replace("\"router_knob\":-0.3", "\"router_knob\":-0.5");
    private static final String BENCH_03 = """
        {"bench":"bge-small int8 per-layer sessions","ratio_layered_to_one_session":0.94,"knob":-0.3,"ratio_routed_to_one_session":0.86}""";
    private static final String BENCH_01 = """
        {"bench":"bge-small int8 per-layer sessions","ratio_layered_to_one_session":0.96,"knob":-0.1,"ratio_routed_to_one_session":0.95}""";
    private static final String BENCH_PLAIN = """
        {"bench":"bge-small int8 per-layer sessions","ratio_layered_to_one_session":0.92}""";

    private static List<XYChart> chart(Path dir, List<String> runs, List<String> bench) throws Exception {
        Path results = dir.resolve("results.jsonl");
        Path timing = dir.resolve("bench.jsonl");
        Files.writeString(results, String.join("\n", runs));
        Files.writeString(timing, String.join("\n", bench));
        return RouterTradeoffChart.of(RunResults.read(results), LayeredTiming.read(timing), "test");
    }

    /**
     * The layered engine's runs make one line ordered by cost beside the one session's point; the budgeted run, bm25
     * and other models stay out. On the time axis the run without routers sits at the median full-path ratio of the
     * benches, a routed run at its knob's routed ratio, and a knob no bench ran is left out there only.
     */
    @Test
    void theLayeredEngineIsOneLineOnBothAxes(@TempDir Path dir) throws Exception {
        List<XYChart> panels = chart(dir, List.of(RunResultsTest.BM25, RunResultsTest.ONNX, RunResultsTest.BUDGETED, RunResultsTest.ROUTED,
            ROUTED, PLAIN, OTHER_KNOB), List.of(BENCH_03, BENCH_01, BENCH_PLAIN));
        XYChart flops = panels.get(0);
        assertEquals(List.of("bge-small", "bge-small-routed-int8"), List.copyOf(flops.getSeriesMap().keySet()));
        assertArrayEquals(new double[] {3.3e-4, 3.3e-4, 3.61e-4}, flops.getSeriesMap().get("bge-small-routed-int8").getXData(), 1e-12);
        XYChart time = panels.get(1);
        // in the order of their FLOPs
        assertArrayEquals(new double[] {0.86, 0.94}, time.getSeriesMap().get("bge-small-routed-int8").getXData(), 1e-12);
        assertArrayEquals(new double[] {0.6820, 0.6941}, time.getSeriesMap().get("bge-small-routed-int8").getYData(), 1e-12);
        assertArrayEquals(new double[] {1.0}, time.getSeriesMap().get("bge-small").getXData(), 1e-12);
    }

    @Test
    void withoutARunOfTheLayeredEngineThereIsNothingToDraw(@TempDir Path dir) {
        assertThrows(ChartInputException.class, () -> chart(dir, List.of(RunResultsTest.BM25, RunResultsTest.ONNX), List.of(BENCH_03)));
    }

    @Test
    void aKnobNoBenchRanHasNoTimeRatio(@TempDir Path dir) throws Exception {
        Path results = dir.resolve("r.jsonl");
        Files.writeString(results, OTHER_KNOB);
        assertNull(RouterTradeoffChart.timeRatio(RunResults.read(results).get(0), List.of(new LayeredTiming(-0.3, 0.94, 0.86))));
    }

    @Test
    void aBenchLineWithoutItsRatioIsRefusedNamingTheField(@TempDir Path dir) throws Exception {
        Path timing = dir.resolve("bench.jsonl");
        Files.writeString(timing, "{\"knob\":-0.3}");
        ChartInputException e = assertThrows(ChartInputException.class, () -> LayeredTiming.read(timing));
        assertEquals("bench.jsonl line 1: [ratio_layered_to_one_session] must be a number", e.getMessage());
    }

    @Test
    void routedRunsAreLabelledWithTheirKnob(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("results.jsonl");
        Files.writeString(file, ROUTED + "\n" + PLAIN + "\n" + RunResultsTest.ONNX);
        List<RunResult> runs = RunResults.read(file);
        assertEquals("knob -0.30", RouterTradeoffChart.knobLabel(runs.get(0)));
        assertEquals("no routers", RouterTradeoffChart.knobLabel(runs.get(1)));
        assertEquals("one session", RouterTradeoffChart.knobLabel(runs.get(2)));
    }
}
