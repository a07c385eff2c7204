package org.llmrerank.elasticsearch.inference;

import java.io.IOException;
import org.elasticsearch.action.ActionResponse;
import org.elasticsearch.common.io.stream.StreamInput;
import org.elasticsearch.common.io.stream.StreamOutput;
import org.llmrerank.scheduler.JobResult;

/**
 * An inference node's answer: the program's result, or a rejection with a retry-after estimate, plus the node's load
 * (backlog and capacity) so the coordinator can choose by load.
 */
public final class InferenceResponse extends ActionResponse {

    private final JobResult result; // null when rejected
    private final long retryAfterSeconds;
    private final String rejection;
    private final long backlogNanos;
    private final double flopsPerSecond;

    public InferenceResponse(JobResult result, long retryAfterSeconds, String rejection, long backlogNanos, double flopsPerSecond) {
        this.result = result;
        this.retryAfterSeconds = retryAfterSeconds;
        this.rejection = rejection;
        this.backlogNanos = backlogNanos;
        this.flopsPerSecond = flopsPerSecond;
    }

    public InferenceResponse(StreamInput in) throws IOException {
        if (in.readBoolean()) {
            int n = in.readVInt();
            if (n < 0 || n > InferenceRequest.MAX_PASSAGES) {
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
            this.result = new JobResult(scores, order, model, depth, judged, outcome, flops, tokens, modelNanos, queueNanos, error);
        } else {
            this.result = null;
        }
        this.retryAfterSeconds = in.readVLong();
        this.rejection = in.readOptionalString();
        this.backlogNanos = in.readVLong();
        this.flopsPerSecond = in.readDouble();
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

    @Override
    public void writeTo(StreamOutput out) throws IOException {
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
        out.writeVLong(retryAfterSeconds);
        out.writeOptionalString(rejection);
        out.writeVLong(Math.max(0, backlogNanos));
        out.writeDouble(flopsPerSecond);
    }

    public JobResult result() {
        return result;
    }

    public boolean rejected() {
        return result == null;
    }

    public long retryAfterSeconds() {
        return retryAfterSeconds;
    }

    public String rejection() {
        return rejection;
    }

    public long backlogNanos() {
        return backlogNanos;
    }

    public double flopsPerSecond() {
        return flopsPerSecond;
    }
}
