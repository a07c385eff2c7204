package org.llmrerank.elasticsearch.inference;

import java.io.IOException;
import java.util.Arrays;
import java.util.List;
import org.elasticsearch.action.ActionRequestValidationException;
import org.elasticsearch.common.bytes.BytesReference;
import org.elasticsearch.common.io.stream.BytesStreamOutput;
import org.elasticsearch.test.ESTestCase;
import org.llmrerank.scheduler.JobResult;

/** The inference action's payloads: what goes out comes back, and a malformed or hostile one is refused before allocating. */
public class InferenceWireTests extends ESTestCase {

    public void testARequestRoundTripsWithPassagesWithoutText() throws IOException {
        InferenceRequest sent = new InferenceRequest("bge-small", "fox", Arrays.asList("a fox", null, "a dog"), 1500);
        BytesStreamOutput out = new BytesStreamOutput();
        sent.writeTo(out);
        InferenceRequest got = new InferenceRequest(out.bytes().streamInput());
        assertEquals("bge-small", got.work().model());
        assertEquals("fox", got.work().query());
        assertEquals(Arrays.asList("a fox", null, "a dog"), got.work().passages());
        assertEquals(1500, got.work().timeoutMillis());
        assertNull(got.validate());
    }

    public void testAResultAndARejectionRoundTrip() throws IOException {
        JobResult result = new JobResult(new float[] {0.5f, 2f}, new int[] {1, 0}, "bge-small", 2, 2, JobResult.Outcome.COMPLETE, 3e9, 40,
            1000, 20, null);
        InferenceResponse got = roundTrip(new InferenceResponse(result, 0, null, 5_000_000, 2e10));
        assertFalse(got.answer().isRejected());
        assertArrayEquals(new int[] {1, 0}, got.answer().result().order());
        assertEquals(2f, got.answer().result().scores()[1], 0f);
        assertEquals(5_000_000, got.answer().backlogNanos());
        assertEquals(2e10, got.answer().flopsPerSecond(), 0);
        InferenceResponse rejected = roundTrip(new InferenceResponse(null, 4, "queue full", 9_000_000, 2e10));
        assertTrue(rejected.answer().isRejected());
        assertEquals(4, rejected.answer().retryAfterSeconds());
        assertEquals("queue full", rejected.answer().rejection());
    }

    public void testAnOrderThatIsNotAPermutationIsRefused() throws IOException {
        JobResult duplicated = new JobResult(new float[] {1f, 2f}, new int[] {0, 0}, "m", 2, 2, JobResult.Outcome.COMPLETE, 0, 0, 0, 0,
            null);
        IllegalArgumentException e = expectThrows(IllegalArgumentException.class,
            () -> roundTrip(new InferenceResponse(duplicated, 0, null, 0, 1)));
        assertTrue(e.getMessage(), e.getMessage().contains("not a permutation"));
    }

    public void testAHugePassageCountIsRefusedBeforeReading() throws IOException {
        BytesStreamOutput out = new BytesStreamOutput();
        new InferenceRequest("m", "q", List.of(), 1).writeTo(out);
        byte[] honest = BytesReference.toBytes(out.bytes());
        // the same header, then a million passages claimed and none sent: the last two bytes were the count (0) and the timeout (1)
        BytesStreamOutput hostile = new BytesStreamOutput();
        hostile.writeBytes(honest, 0, honest.length - 2);
        hostile.writeVInt(1_000_000);
        IllegalArgumentException e = expectThrows(IllegalArgumentException.class, () -> new InferenceRequest(hostile.bytes().streamInput()));
        assertTrue(e.getMessage(), e.getMessage().contains("passage count [1000000] outside [0, 10000]"));
    }

    public void testValidationNamesEachField() {
        ActionRequestValidationException e = new InferenceRequest(" ", "", List.of(), 0).validate();
        assertNotNull(e);
        assertTrue(e.getMessage(), e.getMessage().contains("[model] must not be empty") && e.getMessage().contains("[query] must not be empty")
            && e.getMessage().contains("[timeout] must be positive"));
    }

    private static InferenceResponse roundTrip(InferenceResponse r) throws IOException {
        BytesStreamOutput out = new BytesStreamOutput();
        r.writeTo(out);
        return new InferenceResponse(out.bytes().streamInput());
    }
}
