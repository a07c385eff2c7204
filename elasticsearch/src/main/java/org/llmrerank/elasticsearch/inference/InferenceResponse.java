package org.llmrerank.elasticsearch.inference;

import java.io.IOException;
import org.elasticsearch.action.ActionResponse;
import org.elasticsearch.common.io.stream.StreamInput;
import org.elasticsearch.common.io.stream.StreamOutput;
import org.llmrerank.elasticsearch.wire.ElasticsearchWire;
import org.llmrerank.scheduler.JobResult;
import org.llmrerank.scheduler.placement.InferenceWire;
import org.llmrerank.scheduler.placement.NodeAnswer;

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
        this.answer = InferenceWire.readAnswer(ElasticsearchWire.in(in));
    }

    @Override
    public void writeTo(StreamOutput out) throws IOException {
        InferenceWire.writeAnswer(ElasticsearchWire.out(out), answer);
    }

    public NodeAnswer answer() {
        return answer;
    }
}
