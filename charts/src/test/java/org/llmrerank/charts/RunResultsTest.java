package org.llmrerank.charts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RunResultsTest {

    /** Lines in the shape eval --results writes (fields it writes that charts do not read included). */
    static final String BM25 = """
            {"model":"bm25","strategy":"none","docs":100,"routers":null,"router_knob":null,"queries":43,"ndcg@10":0.5058,"pflops_per_query_estimated":0.0,"pflops_per_query_counted":null,"rpp":null,"budget_flops":null,"fallbacks":0,"model_seconds":null}""";
    static final String ONNX = """
            {"model":"bge-small","strategy":"pointwise","docs":100,"routers":null,"router_knob":null,"queries":43,"ndcg@10":0.6952,"pflops_per_query_estimated":3.87E-4,"pflops_per_query_counted":null,"budget_flops":null,"fallbacks":0,"model_seconds":47.3}""";
    static final String BUDGETED = """
            {"model":"bge-small","strategy":"pointwise","docs":100,"routers":null,"router_knob":null,"queries":43,"ndcg@10":0.6355,"pflops_per_query_estimated":9.8E-5,"pflops_per_query_counted":null,"budget_flops":1.0E11,"fallbacks":0,"model_seconds":12.0}""";
    static final String ROUTED = """
            {"model":"bge-small-routed","strategy":"pointwise","docs":100,"routers":"routers-dev.bin","router_knob":-0.3,"queries":43,"ndcg@10":0.6820,"pflops_per_query_estimated":3.61E-4,"pflops_per_query_counted":3.3E-4,"budget_flops":null,"fallbacks":0,"model_seconds":100.0}""";

    @Test
    void readsEveryLineAndPrefersCountedFlops(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("results.jsonl");
        Files.writeString(file, BM25 + "\n\n" + ONNX + "\n" + BUDGETED + "\n" + ROUTED + "\n");
        List<RunResult> runs = RunResults.read(file);
        assertEquals(4, runs.size());
        assertEquals(0.0, runs.get(0).pflops());
        assertEquals(3.87e-4, runs.get(1).pflops(), "no count: the estimate");
        assertNull(runs.get(1).budgetFlops());
        assertEquals("0.1tf", runs.get(2).budgetLabel());
        assertEquals(3.3e-4, runs.get(3).pflops(), "the runtime counted: what ran");
        assertEquals("bge-small-routed + routers (knob -0.30)", runs.get(3).seriesName());
        assertEquals("bge-small", runs.get(2).seriesName(), "budgets of one setting share its series");
    }

    @Test
    void aBadLineIsRefusedNamingItsLineAndField(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("results.jsonl");
        Files.writeString(file, ONNX + "\n" + ONNX.replace("\"ndcg@10\":0.6952", "\"ndcg@10\":\"high\"") + "\n");
        ChartInputException e = assertThrows(ChartInputException.class, () -> RunResults.read(file));
        assertTrue(e.getMessage().contains("results.jsonl line 2") && e.getMessage().contains("[ndcg@10]"), e.getMessage());

        Files.writeString(file, "{not json\n");
        e = assertThrows(ChartInputException.class, () -> RunResults.read(file));
        assertTrue(e.getMessage().contains("line 1: not JSON"), e.getMessage());

        Files.writeString(file, "\n");
        e = assertThrows(ChartInputException.class, () -> RunResults.read(file));
        assertTrue(e.getMessage().contains("no results"), e.getMessage());
    }
}
