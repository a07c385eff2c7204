package org.llmrerank.charts;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.knowm.xchart.XYChart;

class FrontierChartTest {

    private static List<RunResult> runs(Path dir) throws Exception {
        Path file = dir.resolve("results.jsonl");
        Files.writeString(file, String.join("\n", RunResultsTest.BM25, RunResultsTest.ONNX, RunResultsTest.BUDGETED,
                RunResultsTest.ROUTED));
        return RunResults.read(file);
    }

    @Test
    void oneSeriesPerSettingAndTheFrontierThroughTheUndominatedRuns(@TempDir Path dir) throws Exception {
        XYChart chart = FrontierChart.of(runs(dir), "test runs");
        assertEquals(List.of(FrontierChart.FRONTIER, "bm25", "bge-small", "bge-small-routed + routers (knob -0.30)"),
                List.copyOf(chart.getSeriesMap().keySet()));
        // the routed run costs 3.3e-4 for 0.682, bge-small 3.87e-4 for 0.6952: neither dominates; all four are on it
        assertArrayEquals(new double[] {0.0, 9.8e-5, 3.3e-4, 3.87e-4},
                chart.getSeriesMap().get(FrontierChart.FRONTIER).getXData(), 1e-12);
    }

    @Test
    void aDominatedRunIsDrawnButNotOnTheFrontier(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("results.jsonl");
        String dominated = RunResultsTest.ONNX.replace("\"ndcg@10\":0.6952", "\"ndcg@10\":0.60")
                .replace("\"model\":\"bge-small\"", "\"model\":\"all-minilm-l6-v2\"");
        Files.writeString(file, String.join("\n", RunResultsTest.BM25, RunResultsTest.BUDGETED, dominated));
        XYChart chart = FrontierChart.of(RunResults.read(file), "test runs");
        assertTrue(chart.getSeriesMap().containsKey("all-minilm-l6-v2"));
        assertArrayEquals(new double[] {0.0, 9.8e-5}, chart.getSeriesMap().get(FrontierChart.FRONTIER).getXData(), 1e-12);
    }

    @Test
    void writesAPngAndAnSvgThatNameEverySeries(@TempDir Path dir) throws Exception {
        ChartSheet sheet = new ChartSheet(List.of(FrontierChart.of(runs(dir), "DL19 test runs")));
        List<Path> files = sheet.write(dir.resolve("out"), "frontier");
        assertEquals(List.of(dir.resolve("out/frontier.png"), dir.resolve("out/frontier.svg")), files);
        ChartFiles.assertPng(files.get(0), 900, 600);
        String svg = ChartFiles.svgWords(files.get(1));
        String png = ChartFiles.pngWords(files.get(0));
        String expected = "DL19 test runs\nDL19 test runs: " + FrontierChart.FRONTIER
                + ", bm25, bge-small, bge-small-routed + routers (knob -0.30)";
        assertEquals(expected, svg);
        assertEquals(expected, png);
    }
}
