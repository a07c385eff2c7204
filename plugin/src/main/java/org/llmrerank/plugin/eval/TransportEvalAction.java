package org.llmrerank.plugin.eval;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.llmrerank.plugin.RerankResponseExt;
import org.llmrerank.plugin.rest.ApiErrors;
import org.llmrerank.rest.eval.Callback;
import org.llmrerank.rest.eval.EvalRun;
import org.llmrerank.rest.eval.SearchAnswer;
import org.llmrerank.rest.stats.RerankCounters;
import org.opensearch.action.search.SearchRequest;
import org.opensearch.action.search.SearchResponse;
import org.opensearch.action.support.ActionFilters;
import org.opensearch.action.support.TransportAction;
import org.opensearch.cluster.service.ClusterService;
import org.opensearch.common.inject.Inject;
import org.opensearch.core.action.ActionListener;
import org.opensearch.core.tasks.TaskCancelledException;
import org.opensearch.core.tasks.TaskId;
import org.opensearch.search.SearchExtBuilder;
import org.opensearch.search.SearchHit;
import org.opensearch.search.builder.SearchSourceBuilder;
import org.opensearch.tasks.CancellableTask;
import org.opensearch.tasks.Task;
import org.opensearch.threadpool.ThreadPool;
import org.opensearch.transport.TransportService;
import org.opensearch.transport.client.Client;

/**
 * Runs an evaluation ({@link EvalRun}) on this node as a cancellable task: its searches are the task's children, run
 * with the caller's permissions (the generic pool carries the caller's thread context), and cancelled with it.
 */
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
        CancellableTask cancellable = (CancellableTask) task;
        EvalRun.JudgedSearch<SearchSourceBuilder> search = (index, source, callback) -> {
            SearchRequest r = new SearchRequest(index).source(source);
            r.setParentTask(parent);
            client.search(r, ActionListener.wrap(response -> callback.onResponse(answer(response)), callback::onFailure));
        };
        EvalRun.Cancellation cancellation =
            EvalRun.Cancellation.of(cancellable::isCancelled, cancellable::getReasonCancelled, TaskCancelledException::new);
        new EvalRun<>(request.eval(), search, threadPool.generic(), cancellation, counters::onJudged, new Callback<>() {
            @Override
            public void onResponse(Map<String, Object> report) {
                listener.onResponse(new EvalActionResponse(report));
            }

            @Override
            public void onFailure(Exception e) {
                listener.onFailure(ApiErrors.toOpenSearch(e));
            }
        }).start();
    }

    /** A search response as the evaluation reads it: hits in order, and the rerank's details from the response's ext. */
    static SearchAnswer answer(SearchResponse r) {
        List<SearchAnswer.Hit> hits = new ArrayList<>();
        for (SearchHit h : r.getHits().getHits()) {
            hits.add(new SearchAnswer.Hit(h.getId(), h.getScore(), h::getSourceAsMap));
        }
        for (SearchExtBuilder b : r.getInternalResponse().getSearchExtBuilders()) {
            if (b instanceof RerankResponseExt ext) {
                return new SearchAnswer(hits, ext.details());
            }
        }
        return new SearchAnswer(hits, Map.of());
    }
}
