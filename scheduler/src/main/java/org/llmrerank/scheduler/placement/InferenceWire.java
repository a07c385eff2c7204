package org.llmrerank.scheduler.placement;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.llmrerank.scheduler.JobResult;
import org.llmrerank.scheduler.wire.WireInput;
import org.llmrerank.scheduler.wire.WireOutput;

/**
 * The inference action's payloads on the wire, for every engine: a window going to an inference node and the node's
 * answer coming back. Reading checks the bounds before allocating, so a malformed or hostile payload fails with a
 * clear error instead of exhausting memory.
 */
public final class InferenceWire {

    /** Largest window an inference node accepts (the cluster ceiling on window_size is 100000; this bounds memory per call). */
    public static final int MAX_PASSAGES = 10_000;
    public static final int MAX_MODEL_NAME = 64;

    private InferenceWire() {}

    public static void writeWork(WireOutput out, InferenceWork work) throws IOException {
        out.writeString(work.model());
        out.writeString(work.query());
        out.writeVInt(work.passages().size());
        for (String p : work.passages()) {
            out.writeOptionalString(p);
        }
        out.writeVLong(work.timeoutMillis());
    }

    /** @throws IllegalArgumentException for a model name or passage count outside the bounds */
    public static InferenceWork readWork(WireInput in) throws IOException {
        String model = in.readString();
        if (model.length() > MAX_MODEL_NAME) {
            throw new IllegalArgumentException("[llm_rerank inference] model name longer than " + MAX_MODEL_NAME + " characters");
        }
        String query = in.readString();
        int n = in.readVInt();
        if (n < 0 || n > MAX_PASSAGES) {
            throw new IllegalArgumentException("[llm_rerank inference] passage count [" + n + "] outside [0, " + MAX_PASSAGES + "]");
        }
        List<String> passages = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            passages.add(in.readOptionalString());
        }
        return new InferenceWork(model, query, Collections.unmodifiableList(passages), in.readVLong());
    }

    /** What is wrong with a window built on this node, one message per field naming it; empty when it may be sent. */
    public static List<String> validate(InferenceWork work) {
        List<String> errors = new ArrayList<>();
        if (work.model() == null || work.model().isBlank()) {
            errors.add("[model] must not be empty");
        }
        if (work.query() == null || work.query().isBlank()) {
            errors.add("[query] must not be empty");
        }
        if (work.passages() == null || work.passages().size() > MAX_PASSAGES) {
            errors.add("[passages] must hold at most " + MAX_PASSAGES + " entries");
        }
        if (work.timeoutMillis() <= 0) {
            errors.add("[timeout] must be positive, got [" + work.timeoutMillis() + "ms]");
        }
        return errors;
    }

    public static void writeAnswer(WireOutput out, NodeAnswer answer) throws IOException {
        JobResult result = answer.result();
        out.writeBoolean(result != null);
        if (result != null) {
            out.writeVInt(result.scores().length);
            for (float f : result.scores()) {
                out.writeFloat(f);
            }
            out.writeVIntArray(result.order());
            out.writeOptionalString(result.model());
            out.writeVInt(result.judgedDepth());
            out.writeVInt(result.judgedDocs());
            out.writeEnum(result.outcome());
            out.writeDouble(result.estimatedFlops());
            out.writeVLong(result.inputTokens());
            out.writeVLong(Math.max(0, result.modelNanos()));
            out.writeVLong(Math.max(0, result.queueNanos()));
            out.writeOptionalString(result.error());
        }
        out.writeVLong(answer.retryAfterSeconds());
        out.writeOptionalString(answer.rejection());
        out.writeVLong(Math.max(0, answer.backlogNanos()));
        out.writeDouble(answer.flopsPerSecond());
    }

    /** @throws IllegalArgumentException for a score count outside the bounds or an order that is not a permutation */
    public static NodeAnswer readAnswer(WireInput in) throws IOException {
        JobResult result = in.readBoolean() ? readResult(in) : null;
        long retryAfterSeconds = in.readVLong();
        String rejection = in.readOptionalString();
        long backlogNanos = in.readVLong();
        double flopsPerSecond = in.readDouble();
        return new NodeAnswer(result, retryAfterSeconds, rejection, backlogNanos, flopsPerSecond);
    }

    private static JobResult readResult(WireInput in) throws IOException {
        int n = in.readVInt();
        if (n < 0 || n > MAX_PASSAGES) {
            throw new IllegalArgumentException("[llm_rerank inference] score count [" + n + "] out of range");
        }
        float[] scores = new float[n];
        for (int i = 0; i < n; i++) {
            scores[i] = in.readFloat();
        }
        int[] order = in.readVIntArray();
        String model = in.readOptionalString();
        int depth = in.readVInt();
        int judged = in.readVInt();
        JobResult.Outcome outcome = in.readEnum(JobResult.Outcome.class);
        double flops = in.readDouble();
        long tokens = in.readVLong();
        long modelNanos = in.readVLong();
        long queueNanos = in.readVLong();
        String error = in.readOptionalString();
        checkPermutation(order, n);
        return new JobResult(scores, order, model, depth, judged, outcome, flops, tokens, modelNanos, queueNanos, error);
    }

    /** An inference node must answer a permutation of the window: nothing lost, nothing duplicated. */
    private static void checkPermutation(int[] order, int n) {
        if (order.length != n) {
            throw new IllegalArgumentException("[llm_rerank inference] order of length " + order.length + " for " + n + " passages");
        }
        boolean[] seen = new boolean[n];
        for (int p : order) {
            if (p < 0 || p >= n || seen[p]) {
                throw new IllegalArgumentException("[llm_rerank inference] order is not a permutation of the window");
            }
            seen[p] = true;
        }
    }
}
