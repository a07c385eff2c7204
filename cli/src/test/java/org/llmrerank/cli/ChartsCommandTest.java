package org.llmrerank.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** eval --results writes what charts draws: the picture comes from measured runs only. */
class ChartsCommandTest {

    @TempDir
    Path dir;

    @Test
    void evalAppendsOneLinePerRunAndChartsDrawsThemAsPngAndSvg() throws Exception {
        Path results = dir.resolve("results.jsonl");
        String data = EvalCommandTest.data().toString();
        EvalCommand.Models fake = (name, pointwise, prompt) -> new EvalCommandTest.FakeModel(true, null);
        assertEquals(Main.OK, EvalCommandTest.eval(fake, "--data-dir", data, "--max-queries", "3", "--results", results.toString()).code());
        MainTest.Result reranked = EvalCommandTest.eval(fake, "--data-dir", data, "--model", "fake", "--docs", "20", "--max-queries", "3",
                "--budget", "10tf", "--results", results.toString(), "--json");
        assertEquals(Main.OK, reranked.code(), reranked.err());

        List<String> lines = Files.readAllLines(results);
        assertEquals(2, lines.size());
        JsonNode bm25 = MainTest.JSON.readTree(lines.get(0));
        JsonNode fakeRun = MainTest.JSON.readTree(lines.get(1));
        assertEquals("bm25", bm25.get("model").asText());
        assertEquals(reranked.json(), fakeRun, "the appended line is the line --json prints");
        assertEquals("fake", fakeRun.get("model").asText());
        assertEquals("pointwise", fakeRun.get("strategy").asText());
        assertEquals(1e13, fakeRun.get("budget_flops").asDouble());
        assertTrue(fakeRun.get("routers").isNull() && fakeRun.get("router_knob").isNull());
        assertTrue(fakeRun.get("model_seconds").isNumber());

        Path out = dir.resolve("pictures");
        MainTest.Result charts = MainTest.run("charts", "--results", results.toString(), "--out", out.toString(), "--title", "three queries");
        assertEquals(Main.OK, charts.code(), charts.err());
        for (String file : List.of("frontier.png", "frontier.svg")) {
            assertTrue(charts.out().contains("wrote " + out.resolve(file)), charts.out());
            assertTrue(Files.size(out.resolve(file)) > 1000, file);
        }
        String svg = Files.readString(out.resolve("frontier.svg"));
        assertTrue(svg.contains("<desc>three queries: Pareto frontier, bm25, fake</desc>"), svg.substring(0, Math.min(600, svg.length())));
    }

    @Test
    void withoutInputOrWithABadFileItIsAUsageOrInputError() throws Exception {
        MainTest.assertCleanError(MainTest.run("charts", "--out", dir.toString()), "charts needs --results");
        Path bad = Files.writeString(dir.resolve("results.jsonl"), "{\"model\":\"bm25\"}\n");
        MainTest.assertCleanError(MainTest.run("charts", "--results", bad.toString(), "--out", dir.toString()),
                "results.jsonl line 1", "[strategy]");
        Path noLoad = dir.resolve("missing.json");
        MainTest.assertCleanError(MainTest.run("charts", "--load", noLoad.toString(), "--out", dir.toString()), "missing.json");
    }
}
