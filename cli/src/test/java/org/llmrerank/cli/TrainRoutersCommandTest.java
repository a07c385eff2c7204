package org.llmrerank.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Label-free router training end to end on bge-small (our runtime), kept small: two MS MARCO dev topics over the DL19
 * passage pool, three path evaluations each; then eval reads the routers file. The numbers come from the real model;
 * what is checked is the wiring: topics chosen and reported, the search run, a loadable routers file.
 */
class TrainRoutersCommandTest {

    @TempDir
    Path dir;

    @Test
    void labelFreeTrainingOnDevTopicsWritesRoutersThatEvalRuns() throws IOException {
        Path routers = dir.resolve("routers.bin");
        MainTest.Result train = MainTest.run("train-routers", "--data-dir", EvalCommandTest.data().toString(),
                "--topics", "msmarco-dev", "--min-bm25", "8", "--train-queries", "2", "--simulations", "3",
                "--reward-depth", "5", "--epochs", "2", "--out", routers.toString());
        assertEquals(Main.OK, train.code(), train.out() + train.err());
        assertTrue(train.out().contains("training topics: 2 of the first"), train.out());
        assertTrue(train.out().contains("(0 are evaluation queries"), train.out());
        assertTrue(train.out().contains("reward: agreement with full depth >= 0.9"), train.out());
        assertTrue(train.out().contains("MCTS (scope request): 2 queries of 2 queries, 3 simulations each"), train.out());
        assertTrue(Files.size(routers) > 0);

        MainTest.Result eval = MainTest.run("eval", "--data-dir", EvalCommandTest.data().toString(), "--model",
                "bge-small-routed", "--routers", routers.toString(), "--max-queries", "1", "--docs", "10", "--json");
        assertEquals(Main.OK, eval.code(), eval.out() + eval.err());
        JsonNode o = eval.json();
        assertEquals(1, o.get("queries").asInt());
        assertEquals(0, o.get("fallbacks").asInt());
        assertTrue(o.get("pflops_per_query_counted").asDouble() > 0, o.toString());
    }

    /** The per-layer int8 sessions: routers trained on their hidden states, then run on them by eval. */
    @Test
    void routersTrainAndRunOnTheLayeredInt8Sessions() throws IOException {
        Path routers = dir.resolve("routers-int8.bin");
        MainTest.Result train = MainTest.run("train-routers", "--model", "bge-small-routed-int8", "--data-dir",
                EvalCommandTest.data().toString(), "--topics", "msmarco-dev", "--min-bm25", "8", "--train-queries", "1",
                "--simulations", "3", "--reward-depth", "5", "--epochs", "2", "--out", routers.toString());
        assertEquals(Main.OK, train.code(), train.out() + train.err());
        assertTrue(train.out().contains("MCTS (scope request): 1 queries of 1 queries, 3 simulations each"), train.out());

        MainTest.Result eval = MainTest.run("eval", "--data-dir", EvalCommandTest.data().toString(), "--model",
                "bge-small-routed-int8", "--routers", routers.toString(), "--max-queries", "1", "--docs", "10", "--json");
        assertEquals(Main.OK, eval.code(), eval.out() + eval.err());
        JsonNode o = eval.json();
        assertEquals(0, o.get("fallbacks").asInt());
        assertEquals(o.get("pflops_per_query_estimated").asDouble(), o.get("pflops_per_query_counted").asDouble(), 1e-12);
    }

    @Test
    void trainRoutersNamesTheModelsItTrainsFor() {
        MainTest.Result r = MainTest.run("train-routers", "--model", "all-minilm-l6-v2", "--out", dir.resolve("x.bin").toString());
        assertEquals(Main.BAD_INPUT, r.code());
        assertTrue(r.err().contains("bge-small-routed-int8"), r.err());
    }
}
