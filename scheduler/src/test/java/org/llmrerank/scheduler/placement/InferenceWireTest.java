package org.llmrerank.scheduler.placement;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.llmrerank.scheduler.JobResult;
import org.llmrerank.scheduler.wire.ValueQueueWire;

/** The inference payloads every engine carries: what goes out comes back, and out-of-bounds payloads are refused. */
class InferenceWireTest {

    @Test
    void aWindowRoundTripsWithPassagesWithoutText() throws IOException {
        ValueQueueWire wire = new ValueQueueWire();
        InferenceWire.writeWork(wire, new InferenceWork("bge-small", "fox", Arrays.asList("a fox", null, "a dog"), 1500));
        InferenceWork got = InferenceWire.readWork(wire);
        assertEquals(new InferenceWork("bge-small", "fox", Arrays.asList("a fox", null, "a dog"), 1500), got);
        assertTrue(wire.exhausted());
        assertEquals(List.of(), InferenceWire.validate(got));
    }

    @Test
    void aPassageCountOverTheBoundIsRefusedBeforeReadingThePassages() {
        ValueQueueWire wire = new ValueQueueWire();
        wire.writeString("m");
        wire.writeString("q");
        wire.writeVInt(1_000_000);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> InferenceWire.readWork(wire));
        assertEquals("[llm_rerank inference] passage count [1000000] outside [0, 10000]", e.getMessage());
    }

    @Test
    void aLongModelNameIsRefused() {
        ValueQueueWire wire = new ValueQueueWire();
        wire.writeString("m".repeat(InferenceWire.MAX_MODEL_NAME + 1));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> InferenceWire.readWork(wire));
        assertEquals("[llm_rerank inference] model name longer than 64 characters", e.getMessage());
    }

    @Test
    void validationNamesEachField() {
        assertEquals(List.of("[model] must not be empty", "[query] must not be empty", "[timeout] must be positive, got [0ms]"),
            InferenceWire.validate(new InferenceWork(" ", "", List.of(), 0)));
        assertEquals(List.of("[passages] must hold at most 10000 entries"),
            InferenceWire.validate(new InferenceWork("m", "q", null, 1)));
    }

    @Test
    void aResultAndARejectionRoundTrip() throws IOException {
        JobResult result = new JobResult(new float[] {0.5f, 2f}, new int[] {1, 0}, "bge-small", 2, 2, JobResult.Outcome.COMPLETE, 3e9, 40,
            1000, 20, null);
        NodeAnswer got = roundTrip(new NodeAnswer(result, 0, null, 5_000_000, 2e10));
        assertArrayEquals(new int[] {1, 0}, got.result().order());
        assertArrayEquals(new float[] {0.5f, 2f}, got.result().scores());
        assertEquals("bge-small", got.result().model());
        assertEquals(JobResult.Outcome.COMPLETE, got.result().outcome());
        assertEquals(3e9, got.result().estimatedFlops());
        assertEquals(40, got.result().inputTokens());
        assertEquals(1000, got.result().modelNanos());
        assertEquals(20, got.result().queueNanos());
        assertEquals(5_000_000, got.backlogNanos());
        assertEquals(2e10, got.flopsPerSecond());
        NodeAnswer rejected = roundTrip(NodeAnswer.rejected(4, "queue full", 9_000_000, 2e10));
        assertNull(rejected.result());
        assertEquals(4, rejected.retryAfterSeconds());
        assertEquals("queue full", rejected.rejection());
    }

    @Test
    void aNegativeBacklogTravelsAsZero() throws IOException {
        assertEquals(0, roundTrip(NodeAnswer.rejected(1, "busy", -5, 1)).backlogNanos());
    }

    @Test
    void anOrderThatIsNotAPermutationIsRefused() {
        JobResult duplicated = new JobResult(new float[] {1f, 2f}, new int[] {0, 0}, "m", 2, 2, JobResult.Outcome.COMPLETE, 0, 0, 0, 0,
            null);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> roundTrip(new NodeAnswer(duplicated, 0, null, 0, 1)));
        assertEquals("[llm_rerank inference] order is not a permutation of the window", e.getMessage());
        JobResult short1 = new JobResult(new float[] {1f, 2f}, new int[] {0}, "m", 2, 2, JobResult.Outcome.COMPLETE, 0, 0, 0, 0, null);
        e = assertThrows(IllegalArgumentException.class, () -> roundTrip(new NodeAnswer(short1, 0, null, 0, 1)));
        assertEquals("[llm_rerank inference] order of length 1 for 2 passages", e.getMessage());
    }

    @Test
    void aScoreCountOverTheBoundIsRefused() {
        ValueQueueWire wire = new ValueQueueWire();
        wire.writeBoolean(true);
        wire.writeVInt(InferenceWire.MAX_PASSAGES + 1);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> InferenceWire.readAnswer(wire));
        assertEquals("[llm_rerank inference] score count [10001] out of range", e.getMessage());
    }

    private static NodeAnswer roundTrip(NodeAnswer answer) throws IOException {
        ValueQueueWire wire = new ValueQueueWire();
        InferenceWire.writeAnswer(wire, answer);
        NodeAnswer got = InferenceWire.readAnswer(wire);
        assertTrue(wire.exhausted());
        return got;
    }
}
