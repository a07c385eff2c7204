package org.llmrerank.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.llmrerank.estimator.InputException;
import org.llmrerank.rescorer.ModelException;
import org.llmrerank.rescorer.PointwiseScores;
import org.llmrerank.rescorer.RerankModel;
import org.llmrerank.rescorer.Strategy;

class EvalCommandTest {

    static Path data() {
        return Path.of(System.getProperty("trecdl.dir", "../../shared/data/trec-dl"));
    }

    @TempDir
    Path dir;

    /** Scores a passage by how often it contains the letter 'z'; FLOPs 1e12 per passage, counted or not. */
    static final class FakeModel implements RerankModel {
        final boolean counts;
        final String failOn;

        FakeModel(boolean counts, String failOn) {
            this.counts = counts;
            this.failOn = failOn;
        }

        @Override
        public String name() {
            return "fake";
        }

        @Override
        public Set<Strategy> supportedStrategies() {
            return Set.of(Strategy.POINTWISE);
        }

        @Override
        public PointwiseScores scorePointwise(String query, List<String> passages) throws ModelException {
            if (query.equals(failOn)) {
                throw new ModelException("boom");
            }
            float[] s = new float[passages.size()];
            for (int i = 0; i < s.length; i++) {
                s[i] = passages.get(i).chars().filter(c -> c == 'z').count();
            }
            double flops = 1e12 * passages.size();
            return new PointwiseScores(s, flops, counts ? 2 * flops : -1, 10L * passages.size());
        }
    }

    static MainTest.Result eval(EvalCommand.Models models, String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        String[] argv = new String[args.length + 1];
        argv[0] = "eval";
        System.arraycopy(args, 0, argv, 1, args.length);
        int code = new EvalCommand(new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8), models).run(argv);
        return new MainTest.Result(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    @Test
    void bm25OnDl19() throws IOException {
        MainTest.Result r = MainTest.run("eval", "--data-dir", data().toString(), "--model", "bm25", "--json");
        assertEquals(Main.OK, r.code(), r.err());
        JsonNode o = r.json();
        assertEquals(43, o.get("queries").asInt());
        assertEquals(0.5058, o.get("ndcg@10").asDouble(), 5e-5);
        assertEquals(0.7024, o.get("mrr@10").asDouble(), 5e-5);
        assertEquals(0.2476, o.get("map").asDouble(), 5e-5);
        assertEquals(0.0, o.get("pflops_per_query_estimated").asDouble());
        assertTrue(o.get("pflops_per_query_counted").isNull());
        assertTrue(o.get("rpp").isNull() && o.get("qpp").isNull());
        assertEquals("bm25", o.get("model").asText());
    }

    @Test
    void trecRunFormatGivesTheSameNumbers() throws IOException {
        // the same BM25 ranking written as a TREC run
        StringBuilder sb = new StringBuilder();
        JsonNode all = MainTest.JSON.readTree(data().resolve("bm25-top100-dl19.json").toFile());
        for (JsonNode q : all) {
            for (JsonNode h : q.get("hits")) {
                sb.append(h.get("qid").asText()).append(" Q0 ").append(h.get("docid").asText()).append(' ')
                        .append(h.get("rank").asInt()).append(' ').append(h.get("score").asDouble()).append(" bm25\n");
            }
        }
        Path run = Files.writeString(dir.resolve("bm25.run"), sb.toString());
        JsonNode o = MainTest.run("eval", "--run", run.toString(), "--qrels",
                data().resolve("qrels.dl19-passage.txt").toString(), "--json").json();
        assertEquals(0.5058, o.get("ndcg@10").asDouble(), 5e-5);
    }

    @Test
    void rerankedRunReportsEfficiencyAsRatiosOfMeans() throws IOException {
        MainTest.Result r = eval((name, pointwise, prompt) -> new FakeModel(true, null), "--data-dir", data().toString(), "--model", "fake",
                "--docs", "20", "--max-queries", "5", "--budget", "10tf", "--json");
        assertEquals(Main.OK, r.code(), r.err());
        JsonNode o = r.json();
        assertEquals(5, o.get("queries").asInt());
        assertEquals("pointwise", o.get("strategy").asText());
        // 20 passages x 1e12 estimated, 2x that counted
        assertEquals(0.02, o.get("pflops_per_query_estimated").asDouble(), 1e-12);
        assertEquals(0.04, o.get("pflops_per_query_counted").asDouble(), 1e-12);
        assertEquals(o.get("ndcg@10").asDouble() / 0.02, o.get("rpp").asDouble(), 1e-9);
        assertEquals(50, o.get("qpp").asDouble(), 1e-9);
        // the fake cannot estimate its cost beforehand: the budget cannot shorten its window, every query overruns
        assertEquals(5, o.get("queries_over_budget").asInt());
        assertEquals(0, o.get("queries_budget_shortened").asInt());
        // the fake ranks by 'z' counts, so the ranking (and NDCG) differ from BM25 on these 5 queries
        JsonNode bm25 = eval((name, pointwise, prompt) -> { throw new AssertionError(); }, "--data-dir", data().toString(),
                "--max-queries", "5", "--json").json();
        assertTrue(Math.abs(bm25.get("ndcg@10").asDouble() - o.get("ndcg@10").asDouble()) > 1e-6);
    }

    @Test
    void modelFailureKeepsFirstStageOrderAndCountsFallback() throws IOException {
        String firstQuery = MainTest.JSON.readTree(data().resolve("bm25-top100-dl19.json").toFile())
                .get(0).get("query").asText();
        MainTest.Result r = eval((name, pointwise, prompt) -> new FakeModel(false, firstQuery), "--data-dir", data().toString(),
                "--model", "fake", "--max-queries", "1", "--json");
        JsonNode o = r.json();
        assertEquals(1, o.get("fallbacks").asInt());
        assertTrue(o.get("pflops_per_query_counted").isNull());
        assertTrue(r.err().contains("keeping first-stage order"));
        JsonNode bm25 = eval((name, pointwise, prompt) -> null, "--data-dir", data().toString(), "--max-queries", "1", "--json").json();
        assertEquals(bm25.get("ndcg@10").asDouble(), o.get("ndcg@10").asDouble(), 1e-12);
    }

    @Test
    void unknownModelAndTextlessRunAreInputErrors() throws IOException {
        MainTest.assertCleanError(MainTest.run("eval", "--data-dir", data().toString(), "--model", "nope",
                "--max-queries", "1"), "model 'nope'");
        Path run = Files.writeString(dir.resolve("r.run"), "1 Q0 a 1 1 t\n");
        MainTest.assertCleanError(MainTest.run("eval", "--run", run.toString(), "--qrels",
                data().resolve("qrels.dl19-passage.txt").toString(), "--model", "bge-small"), "passage text");
        MainTest.assertCleanError(MainTest.run("eval", "--data-dir", data().toString(), "--model", "bge-small",
                "--strategy", "setwise.heapsort"), "cannot run setwise.heapsort");
        MainTest.assertCleanError(MainTest.run("eval", "--data-dir", data().toString(), "--model", "bge-small,all-minilm-l6-v2",
                "--strategy", "pointwise"), "need --strategy auto");
        MainTest.assertCleanError(MainTest.run("eval", "--data-dir", data().toString(), "--budget", "lots"),
                "--budget");
        EvalCommand.Models unknown = (name, pointwise, prompt) -> { throw new InputException("unknown model '" + name + "'"); };
        try {
            eval(unknown, "--data-dir", data().toString(), "--model", "x", "--max-queries", "1");
        } catch (InputException e) {
            assertTrue(e.getMessage().contains("unknown model 'x'"));
            return;
        }
        throw new AssertionError("expected InputException");
    }
}
