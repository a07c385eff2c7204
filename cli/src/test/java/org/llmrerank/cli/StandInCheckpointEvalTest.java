package org.llmrerank.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code eval --model CHECKPOINT_DIR} end to end on STAND-IN checkpoints that {@code write-stand-in}
 * writes (random weights: the NDCG is meaningless, the plumbing and the FLOPs accounting are not).
 */
class StandInCheckpointEvalTest {

    @TempDir
    Path tmp;

    @Test
    void standInQwen2AndFlanT5RunSetwiseHeapsortOnDl19() throws java.io.IOException {
        for (String family : new String[] {"qwen2", "flan-t5"}) {
            Path dir = tmp.resolve(family);
            MainTest.Result w = MainTest.run("write-stand-in", "--out", dir.toString(), "--family", family);
            assertEquals(Main.OK, w.code(), w.err());
            MainTest.Result r = MainTest.run("eval", "--data-dir", EvalCommandTest.data().toString(), "--model",
                    dir.toString(), "--strategy", "setwise.heapsort", "--docs", "20", "--max-queries", "2", "--json");
            assertEquals(Main.OK, r.code(), r.err());
            JsonNode o = r.json();
            System.out.println("stand-in " + family + ": " + o);
            assertEquals("setwise.heapsort", o.get("strategy").asText());
            assertEquals(2, o.get("queries").asInt());
            double estimated = o.get("pflops_per_query_estimated").asDouble();
            double counted = o.get("pflops_per_query_counted").asDouble();
            assertTrue(estimated > 0 && Math.abs(counted / estimated - 1) < 0.02, o.toString());
            assertTrue(r.err().isEmpty() || !r.err().contains("model failed"), r.err());
        }
    }
}
