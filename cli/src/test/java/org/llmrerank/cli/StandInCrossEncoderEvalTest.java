package org.llmrerank.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.llmrerank.routing.crossencoder.CrossEncoderFamily;
import org.llmrerank.routing.crossencoder.StandInCrossEncoder;

/**
 * {@code eval --model CROSS_ENCODER_DIR --strategy pointwise.cross_encoder} end to end on a STAND-IN XLM-RoBERTa
 * cross-encoder (random weights: the NDCG is meaningless; the path and the FLOPs accounting are not).
 */
class StandInCrossEncoderEvalTest {

    @TempDir
    Path tmp;

    @Test
    void aSafetensorsCrossEncoderReranksDl19WithCountedFlops() throws Exception {
        Path dir = StandInCrossEncoder.write(tmp.resolve("xlmr"), CrossEncoderFamily.XLM_ROBERTA, 2,
            StandInCrossEncoder.WeightFiles.SAFETENSORS, 7);
        MainTest.Result r = MainTest.run("eval", "--data-dir", EvalCommandTest.data().toString(), "--model", dir.toString(),
            "--strategy", "pointwise.cross_encoder", "--docs", "10", "--max-queries", "2", "--json");
        assertEquals(Main.OK, r.code(), r.err());
        JsonNode o = r.json();
        assertEquals("pointwise.cross_encoder", o.get("strategy").asText());
        assertEquals(2, o.get("queries").asInt());
        double estimated = o.get("pflops_per_query_estimated").asDouble();
        double counted = o.get("pflops_per_query_counted").asDouble();
        // pairs are padded to at most 1% over their own length
        assertTrue(estimated > 0 && counted >= estimated && counted / estimated - 1 < 0.02, o.toString());
    }
}
