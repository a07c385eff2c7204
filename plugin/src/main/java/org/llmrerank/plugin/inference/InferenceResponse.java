package org.llmrerank.plugin.inference;

import java.io.IOException;
import org.llmrerank.plugin.wire.OpenSearchWire;
import org.llmrerank.scheduler.JobResult;
import org.llmrerank.scheduler.placement.InferenceWire;
import org.llmrerank.scheduler.placement.NodeAnswer;
import org.opensearch.core.action.ActionResponse;
import org.opensearch.core.common.io.stream.StreamInput;
import org.opensearch.core.common.io.stream.StreamOutput;

/**
 * An inference node's answer, carried in the engine-neutral {@link InferenceWire} format: the program's result, or a
 * rejection with a retry-after estimate, plus the node's load (backlog and capacity) so the coordinator can choose by
 * load.
 */
public final class InferenceResponse extends ActionResponse {

    private final NodeAnswer answer;

    public InferenceResponse(JobResult result, long retryAfterSeconds, String rejection, long backlogNanos, double flopsPerSecond) {
        this(new NodeAnswer(result, retryAfterSeconds, rejection, backlogNanos, flopsPerSecond));
    }

    public InferenceResponse(NodeAnswer answer) {
        this.answer = answer;
    }

    public InferenceResponse(StreamInput in) throws IOException {
        super(in);
        this.answer = InferenceWire.readAnswer(OpenSearchWire.in(in));
    }

    @Override
    public void writeTo(StreamOutput out) throws IOException {
        InferenceWire.writeAnswer(OpenSearchWire.out(out), answer);
    }

    public NodeAnswer answer() {
        return answer;
    }
}
