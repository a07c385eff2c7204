package org.llmrerank.plugin.eval;

import java.io.IOException;
import java.util.Map;
import org.llmrerank.rest.eval.EvalRequest;
import org.opensearch.action.ActionRequest;
import org.opensearch.action.ActionRequestValidationException;
import org.opensearch.core.common.io.stream.StreamOutput;
import org.opensearch.core.tasks.TaskId;
import org.opensearch.search.builder.SearchSourceBuilder;
import org.opensearch.tasks.CancellableTask;
import org.opensearch.tasks.Task;

/**
 * A parsed and validated eval request. It runs on the node that received it and is never sent over
 * the wire: its searches already carry what other nodes need.
 */
public final class EvalActionRequest extends ActionRequest {

    private final EvalRequest<SearchSourceBuilder> eval;

    public EvalActionRequest(EvalRequest<SearchSourceBuilder> eval) {
        this.eval = eval;
    }

    public EvalRequest<SearchSourceBuilder> eval() {
        return eval;
    }

    @Override
    public ActionRequestValidationException validate() {
        return null; // validated, with every error at once, when the body was parsed
    }

    @Override
    public Task createTask(long id, String type, String action, TaskId parentTaskId, Map<String, String> headers) {
        return new CancellableTask(id, type, action, getDescription(), parentTaskId, headers) {
            @Override
            public boolean shouldCancelChildrenOnCancellation() {
                return true; // the searches of a cancelled evaluation are cancelled with it
            }
        };
    }

    @Override
    public String getDescription() {
        return eval.taskDescription();
    }

    @Override
    public void writeTo(StreamOutput out) throws IOException {
        throw new UnsupportedOperationException("[_eval] runs on the node that received it");
    }
}
