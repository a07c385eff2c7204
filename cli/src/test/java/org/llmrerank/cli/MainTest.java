package org.llmrerank.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MainTest {

    static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    /** Exit code and both streams of one CLI invocation. */
    record Result(int code, String out, String err) {
        JsonNode json() throws IOException {
            return JSON.readTree(out);
        }
    }

    static Result run(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = Main.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Result(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    static void assertCleanError(Result r, String... parts) {
        assertEquals(Main.BAD_INPUT, r.code(), r.err());
        for (String p : parts) {
            assertTrue(r.err().contains(p), () -> "stderr lacks '" + p + "': " + r.err());
        }
        assertFalse(r.err().contains("\tat org."), "no stack trace: " + r.err());
    }

    @Test
    void paperTablePassesAndNamesTheRoundedCell() {
        Result r = run("estimate", "--paper-table", "dl19");
        assertEquals(Main.OK, r.code(), r.out() + r.err());
        assertTrue(r.out().contains("29 cells: 28 within 2%"), r.out());
        assertTrue(r.out().contains("rounded flan-t5-large pointwise.yes_no: printed with 3 decimals: 0.00958 "
                + "truncates to 0.009"), r.out());
        assertTrue(r.out().contains("typo"), r.out());
    }

    @Test
    void paperTableJson() throws IOException {
        JsonNode a = run("estimate", "--paper-table", "dl19", "--json").json();
        assertEquals(29, a.size());
        assertEquals("rounded", a.get(1).get("verdict").asText());
        assertEquals(0.02509, a.get(7).get("pflops_recomputed").asDouble(), 1e-5);
    }

    @Test
    void estimatePresetJson() throws IOException {
        Result r = run("estimate", "--preset", "flan-t5-large", "--method", "setwise.heapsort", "--ctx-tokens",
                "322.65", "--out-tokens", "5", "--ffn-matrices", "2", "--json");
        assertEquals(Main.OK, r.code(), r.err());
        JsonNode o = r.json();
        assertEquals(322.65, o.get("prompt_tokens").asDouble(), 1e-9);
        assertEquals(5, o.get("output_tokens").asDouble(), 1e-9);
        assertEquals(59, o.get("calls_min").asLong());
        assertFalse(o.get("calls_exact").asBoolean());
        // calls x 2.00042e11 (E2R-FLOPs, prompt and output tokens per method)
        assertEquals(o.get("calls").asDouble() * 2.00042e11 / 1e15, o.get("pflops").asDouble(), 1e-6);
    }

    @Test
    void estimateFromConfigAndDefaultsToTrueFfn() throws IOException {
        Path cfg = Files.writeString(dir.resolve("config.json"), """
                {"model_type": "bert", "hidden_size": 384, "intermediate_size": 1536, "num_attention_heads": 12,
                 "num_hidden_layers": 6, "vocab_size": 30522}""");
        JsonNode o = run("estimate", "--config", cfg.toString(), "--method", "pointwise.embedding", "--docs", "100",
                "--json").json();
        assertEquals(101, o.get("calls").asInt());
        assertEquals(2, o.get("ffn_matrices").asInt());
        assertTrue(o.get("pflops").asDouble() > 0);
        JsonNode gated = run("estimate", "--preset", "qwen2.5-7b", "--method", "pointwise.yes_no", "--json").json();
        assertEquals(3, gated.get("ffn_matrices").asInt());
    }

    @Test
    void inputErrorsExitTwoWithoutStackTrace() throws IOException {
        assertCleanError(run("estimate", "--preset", "nope", "--method", "pointwise.qlm"),
                "unknown preset 'nope'", "flan-t5-large");
        Path cfg = Files.writeString(dir.resolve("config.json"), "{\"model_type\": \"llama\", \"hidden_size\": 8}");
        assertCleanError(run("estimate", "--config", cfg.toString(), "--method", "pointwise.qlm"),
                "'num_hidden_layers'");
        assertCleanError(run("estimate", "--preset", "flan-t5-large", "--method", "magic"), "unknown method");
        assertCleanError(run("estimate", "--preset", "flan-t5-large", "--method", "pointwise.qlm", "--dcos", "3"),
                "unknown option --dcos");
        assertCleanError(run("estimate", "--preset", "bge-small-en-v1.5", "--method", "setwise.heapsort"),
                "encoder-only");
        assertCleanError(run("frobnicate"), "unknown command");
        Path qrels = Files.writeString(dir.resolve("qrels.txt"), "1 0 a 1\n1 0 b\n");
        Path runFile = Files.writeString(dir.resolve("run.txt"), "1 Q0 a 1 1.0 t\n");
        assertCleanError(run("eval", "--run", runFile.toString(), "--qrels", qrels.toString()), "qrels.txt:2:");
        Path badRun = Files.writeString(dir.resolve("bad.txt"), "1 Q0 a 1 1.0 t\n1 Q0 b 2 x t\n");
        Path goodQrels = Files.writeString(dir.resolve("good.txt"), "1 0 a 1\n");
        assertCleanError(run("eval", "--run", badRun.toString(), "--qrels", goodQrels.toString()), "bad.txt:2:");
        assertCleanError(run("eval", "--run", dir.resolve("missing").toString(), "--qrels", goodQrels.toString()),
                "missing");
    }

    @Test
    void trainRoutersRejectsContradictoryRewardOptionsBeforeLoadingAnything() {
        String out = dir.resolve("r.bin").toString();
        assertCleanError(run("train-routers", "--out", out, "--topics", "msmarco-dev", "--reward", "qrels"),
                "--topics queries have no qrels", "--reward agreement");
        assertCleanError(run("train-routers", "--out", out, "--topics", "msmarco-dev", "--scope", "sequence"),
                "--topics trains routers of --scope request only");
        assertCleanError(run("train-routers", "--out", out, "--reward", "vibes"), "--reward must be qrels or agreement");
        assertCleanError(run("train-routers", "--out", out, "--reward", "agreement", "--min-agreement", "0"),
                "--min-agreement must be in (0, 1]");
        assertFalse(Files.exists(dir.resolve("r.bin")));
    }
}
