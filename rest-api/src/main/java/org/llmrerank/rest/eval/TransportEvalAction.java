package org.llmrerank.rest.eval;

import org.llmrerank.scheduler.RerankCounters;
import org.opensearch.action.support.ActionFilters;
import org.opensearch.action.support.TransportAction;
import org.opensearch.cluster.service.ClusterService;
import org.opensearch.common.inject.Inject;
import org.opensearch.core.action.ActionListener;
import org.opensearch.core.tasks.TaskId;
import org.opensearch.tasks.CancellableTask;
import org.opensearch.tasks.Task;
import org.opensearch.threadpool.ThreadPool;
import org.opensearch.transport.TransportService;
import org.opensearch.transport.client.Client;

/** Runs an evaluation on this node as a cancellable task whose searches are its children. */
public class TransportEvalAction extends TransportAction<EvalActionRequest, EvalActionResponse> {

    private final Client client;
    private final ClusterService clusterService;
    private final ThreadPool threadPool;
    private final RerankCounters counters;

    @Inject
    public TransportEvalAction(ActionFilters actionFilters, TransportService transportService, Client client, ClusterService clusterService,
                               ThreadPool threadPool, RerankCounters counters) {
        super(EvalAction.NAME, actionFilters, transportService.getTaskManager());
        this.client = client;
        this.clusterService = clusterService;
        this.threadPool = threadPool;
        this.counters = counters;
    }

    @Override
    protected void doExecute(Task task, EvalActionRequest request, ActionListener<EvalActionResponse> listener) {
        TaskId parent = new TaskId(clusterService.localNode().getId(), task.getId());
        new EvalRun(client, threadPool, request.eval(), counters, (CancellableTask) task, parent,
            ActionListener.map(listener, EvalActionResponse::new)).start();
    }
}
