package org.llmrerank.elasticsearch.eval;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.elasticsearch.action.ActionListener;
import org.elasticsearch.action.search.SearchRequest;
import org.elasticsearch.action.search.SearchResponse;
import org.elasticsearch.action.support.ActionFilters;
import org.elasticsearch.action.support.TransportAction;
import org.elasticsearch.client.internal.Client;
import org.elasticsearch.common.util.concurrent.EsExecutors;
import org.elasticsearch.common.util.concurrent.ThreadContext;
import org.elasticsearch.injection.guice.Inject;
import org.elasticsearch.search.SearchHit;
import org.elasticsearch.search.builder.SearchSourceBuilder;
import org.elasticsearch.tasks.CancellableTask;
import org.elasticsearch.tasks.Task;
import org.elasticsearch.tasks.TaskCancelledException;
import org.elasticsearch.tasks.TaskId;
import org.elasticsearch.threadpool.ThreadPool;
import org.elasticsearch.transport.TransportService;
import org.llmrerank.elasticsearch.DetailsSink;
import org.llmrerank.elasticsearch.RerankNode;
import org.llmrerank.elasticsearch.rest.ApiErrors;
import org.llmrerank.rest.eval.Callback;
import org.llmrerank.rest.eval.EvalRun;
import org.llmrerank.rest.eval.SearchAnswer;

/**
 * Runs an evaluation ({@link EvalRun}) on this node as a cancellable task. Its searches are the task's children and go
 * through the node's normal search path with the caller's thread context, so with the caller's permissions: the
 * generic pool, where each query starts, carries that context. Each search hands its rerank details to the evaluation
 * ({@link DetailsSink}); judged reranks are recorded in the node's stats. Nothing here blocks a thread.
 */
public class TransportEvalAction extends TransportAction<EvalActionRequest, EvalActionResponse> {

    private final TransportService transportService;
    private final Client client;
    private final ThreadPool threadPool;
    private final RerankNode node;

    @Inject
    public TransportEvalAction(ActionFilters actionFilters, TransportService transportService, Client client, ThreadPool threadPool,
                               RerankNode node) {
        super(EvalAction.INSTANCE.name(), actionFilters, transportService.getTaskManager(), EsExecutors.DIRECT_EXECUTOR_SERVICE);
        this.transportService = transportService;
        this.client = client;
        this.threadPool = threadPool;
        this.node = node;
    }

    @Override
    protected void doExecute(Task task, EvalActionRequest request, ActionListener<EvalActionResponse> listener) {
        TaskId parent = new TaskId(transportService.getLocalNode().getId(), task.getId());
        CancellableTask cancellable = (CancellableTask) task;
        // the evaluation runs one search at a time: the details slot holds those of the search running now
        AtomicReference<Map<String, Object>> details = new AtomicReference<>(Map.of());
        EvalRun.JudgedSearch<SearchSourceBuilder> search = (index, source, callback) -> {
            SearchRequest r = new SearchRequest(index).source(source);
            r.setParentTask(parent);
            details.set(Map.of());
            client.search(r, ActionListener.wrap(response -> callback.onResponse(answer(response, request.eval().idField(),
                details.getAndSet(Map.of()))), callback::onFailure));
        };
        EvalRun.Cancellation cancellation =
            EvalRun.Cancellation.of(cancellable::isCancelled, cancellable::getReasonCancelled, TaskCancelledException::new);
        EvalRun<SearchSourceBuilder> run = new EvalRun<>(request.eval(), search, threadPool.generic(), cancellation,
            node.counters()::onJudged, new Callback<>() {
                @Override
                public void onResponse(Map<String, Object> report) {
                    listener.onResponse(new EvalActionResponse(report));
                }

                @Override
                public void onFailure(Exception e) {
                    listener.onFailure(ApiErrors.toElasticsearch(e));
                }
            });
        try (ThreadContext.StoredContext ignored = DetailsSink.install(threadPool.getThreadContext(), details::set)) {
            run.start();
        }
    }

    /**
     * A search response as the evaluation reads it: the hits in order, each with its _source when the qrels' ids are in
     * {@code idField} (read now: the response's hits are released once its listener returns), and the rerank's details
     * the search handed over (empty for a search without a rerank).
     */
    static SearchAnswer answer(SearchResponse r, String idField, Map<String, Object> rerankDetails) {
        List<SearchAnswer.Hit> hits = new ArrayList<>();
        for (SearchHit h : r.getHits().getHits()) {
            Map<String, Object> source = idField == null ? null : h.getSourceAsMap();
            hits.add(new SearchAnswer.Hit(h.getId(), h.getScore(), () -> source));
        }
        return new SearchAnswer(hits, rerankDetails);
    }
}
