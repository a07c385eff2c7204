package org.llmrerank.plugin;

import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.llmrerank.rescorer.pipeline.RerankPlan;
import org.llmrerank.rescorer.pipeline.RerankResult;
import org.llmrerank.rest.details.RerankDetails;
import org.llmrerank.rest.details.ResultCounting;
import org.opensearch.OpenSearchStatusException;
import org.opensearch.action.search.SearchResponse;
import org.opensearch.core.action.ActionListener;
import org.opensearch.core.rest.RestStatus;
import org.opensearch.core.tasks.TaskCancelledException;
import org.opensearch.tasks.CancellableTask;
import org.opensearch.tasks.Task;

/**
 * One search's rerank after its first stage returned, on OpenSearch: hands the window to the engine-neutral pipeline
 * and turns its one result into the response (the reranked page, or the first-stage page with the fallback marked in
 * {@code ext.llm_rerank}) and the statistics. A model problem never fails the search; only a scheduler with no capacity
 * anywhere answers 429.
 */
final class RerankExecution {

    private final RerankService service;
    private final ResolvedRerank r;
    private final SearchResponse firstStage;
    private final ActionListener<SearchResponse> listener;
    private final long startNanos = System.nanoTime();
    private final long searchStartNanos;
    /** The search's task: a search cancelled before its rerank starts spends no model time. */
    private final Task task;

    /**
     * @param searchStartNanos when the search reached the filter: latency in the stats covers both stages
     */
    RerankExecution(RerankService service, ResolvedRerank r, SearchResponse firstStage, ActionListener<SearchResponse> listener,
                    long searchStartNanos, Task task) {
        this.task = task;
        this.searchStartNanos = searchStartNanos;
        this.service = service;
        this.r = r;
        this.firstStage = firstStage;
        this.listener = listener;
    }

    void start() {
        if (task instanceof CancellableTask t && t.isCancelled()) {
            listener.onFailure(new TaskCancelledException("[llm_rerank] the search was cancelled before its rerank: " + t.getReasonCancelled()));
            return;
        }
        boolean pageTouchesWindow = r.size() > 0 && r.from() < r.windowSize();
        List<String> texts = SearchResponseReranker.windowTexts(firstStage, r);
        RerankPlan plan = service.pipeline().plan(r.options(), r.queryText(), texts, pageTouchesWindow);
        ResultCounting.planned(service.counters(), plan);
        service.pipeline().run(plan, result -> respond(plan, result));
    }

    private void respond(RerankPlan plan, RerankResult result) {
        if (result.status() == RerankResult.Status.REJECTED) {
            OpenSearchStatusException e = new OpenSearchStatusException("[llm_rerank] inference capacity exhausted: " + result.reason()
                + "; retry after " + result.retryAfterSeconds() + "s", RestStatus.TOO_MANY_REQUESTS);
            e.addHeader("Retry-After", Long.toString(result.retryAfterSeconds()));
            ResultCounting.answered(service.counters(), r.options(), plan, result, searchMillis());
            listener.onFailure(e);
            return;
        }
        SearchResponse response;
        try {
            Map<String, Object> details = RerankDetails.render(r.options(), plan.windowSize(), result, firstStage.getTook().millis(),
                tookMillis());
            response = SearchResponseReranker.build(firstStage, r, result.outcome(), details, tookMillis());
        } catch (RuntimeException e) {
            listener.onFailure(e);
            return;
        }
        ResultCounting.answered(service.counters(), r.options(), plan, result, searchMillis());
        listener.onResponse(response);
    }

    private double searchMillis() {
        return (System.nanoTime() - searchStartNanos) / 1e6;
    }

    private long tookMillis() {
        return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startNanos);
    }
}
