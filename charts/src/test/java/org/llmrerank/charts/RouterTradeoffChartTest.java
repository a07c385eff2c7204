package org.llmrerank.charts;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.knowm.xchart.XYChart;

class RouterTradeoffChartTest {

    private static final String PLAIN = RunResultsTest.ROUTED.replace("\"routers\":\"routers-dev.bin\"", "\"routers\":null")
        .replace("\"router_knob\":-0.3", "\"router_knob\":null").replace("\"ndcg@10\":0.6820", "\"ndcg@10\":0.6870")
        .replace("\"pflops_per_query_counted\":3.3E-4", "\"pflops_per_query_counted\":3.61E-4")
        .replace("\"model_seconds\":100.0", "\"model_seconds\":110.0");

    /** Each model's runs become one line ordered by cost; the budgeted run is no router setting and stays out. */
    @Test
    void oneLinePerModelThroughItsRouterSettingsOnBothAxes(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("results.jsonl");
        Files.writeString(file, String.join("\n", RunResultsTest.BM25, RunResultsTest.ONNX, RunResultsTest.BUDGETED,
            RunResultsTest.ROUTED, PLAIN));
        List<XYChart> panels = RouterTradeoffChart.of(RunResults.read(file), "test");
        assertEquals(2, panels.size());
        XYChart flops = panels.get(0);
        assertEquals(List.of("bge-small", "bge-small-routed"), List.copyOf(flops.getSeriesMap().keySet()));
        assertArrayEquals(new double[] {3.3e-4, 3.61e-4}, flops.getSeriesMap().get("bge-small-routed").getXData(), 1e-12);
        assertArrayEquals(new double[] {0.6820, 0.6870}, flops.getSeriesMap().get("bge-small-routed").getYData(), 1e-12);
        XYChart time = panels.get(1);
        // model seconds over 43 queries, in ms per query
        assertArrayEquals(new double[] {100_000.0 / 43, 110_000.0 / 43}, time.getSeriesMap().get("bge-small-routed").getXData(), 1e-9);
        assertArrayEquals(new double[] {47_300.0 / 43}, time.getSeriesMap().get("bge-small").getXData(), 1e-9);
    }

    @Test
    void runsWithoutAnUnbudgetedPointwiseRunAreRefused(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("results.jsonl");
        Files.writeString(file, String.join("\n", RunResultsTest.BM25, RunResultsTest.BUDGETED));
        assertThrows(ChartInputException.class, () -> RouterTradeoffChart.of(RunResults.read(file), "test"));
    }

    @Test
    void routedRunsAreLabelledWithTheirKnob(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("results.jsonl");
        Files.writeString(file, RunResultsTest.ROUTED + "\n" + PLAIN);
        List<RunResult> runs = RunResults.read(file);
        assertEquals("knob -0.30", RouterTradeoffChart.knobLabel(runs.get(0)));
        assertEquals("no routers", RouterTradeoffChart.knobLabel(runs.get(1)));
    }
}
