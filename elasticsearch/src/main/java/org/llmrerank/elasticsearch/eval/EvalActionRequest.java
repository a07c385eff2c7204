package org.llmrerank.elasticsearch.eval;

import java.io.IOException;
import java.util.Map;
import org.elasticsearch.action.ActionRequest;
import org.elasticsearch.action.ActionRequestValidationException;
import org.elasticsearch.action.support.TransportAction;
import org.elasticsearch.common.io.stream.StreamOutput;
import org.elasticsearch.search.builder.SearchSourceBuilder;
import org.elasticsearch.tasks.CancellableTask;
import org.elasticsearch.tasks.Task;
import org.elasticsearch.tasks.TaskId;
import org.llmrerank.rest.eval.EvalRequest;

/**
 * A parsed and validated eval request. It runs on the node that received it and is never sent over the wire: its
 * searches carry what other nodes need.
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
        TransportAction.localOnly();
    }
}
