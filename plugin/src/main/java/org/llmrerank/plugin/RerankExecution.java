package org.llmrerank.plugin;

import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.llmrerank.rescorer.RerankOutcome;
import org.llmrerank.rescorer.pipeline.RerankPlan;
import org.llmrerank.rescorer.pipeline.RerankResult;
import org.llmrerank.rest.details.RerankDetails;
import org.llmrerank.scheduler.RerankCounters;
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
        if (plan.route() != RerankPlan.Route.SKIP) {
            service.counters().onQuery();
        }
        service.pipeline().run(plan, result -> respond(plan, result));
    }

    private void respond(RerankPlan plan, RerankResult result) {
        RerankCounters counters = service.counters();
        RerankCounters.Labels asked = new RerankCounters.Labels(r.indices(), r.strategy().clauseName(), r.model());
        if (result.status() == RerankResult.Status.REJECTED) {
            OpenSearchStatusException e = new OpenSearchStatusException("[llm_rerank] inference capacity exhausted: " + result.reason()
                + "; retry after " + result.retryAfterSeconds() + "s", RestStatus.TOO_MANY_REQUESTS);
            e.addHeader("Retry-After", Long.toString(result.retryAfterSeconds()));
            counters.onFallback(asked, result.cause(), searchMillis());
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
        // counted before the user sees the response, so a caller that reads the stats after its search finds it counted
        switch (result.status()) {
            case SKIPPED -> counters.onSkippedPage();
            case FALLBACK -> counters.onFallback(asked, result.cause(), searchMillis());
            case RERANKED -> {
                RerankOutcome o = result.outcome();
                // attributed to the strategy that ran (auto resolves per query)
                RerankCounters.Labels ran = new RerankCounters.Labels(r.indices(), o.strategy().clauseName(), r.model());
                counters.onReranked(ran, new RerankCounters.Reranked(o.scoredDocs(), result.docsWithoutText(plan.windowSize()),
                    o.inputTokens(), o.modelNanos(), o.estimatedFlops(), o.countedFlops(), searchMillis(), o.layers()),
                    o.report().switchedUnderBudget(), o.report().earlyStopped());
            }
            default -> throw new IllegalStateException("unexpected " + result.status());
        }
        listener.onResponse(response);
    }

    private double searchMillis() {
        return (System.nanoTime() - searchStartNanos) / 1e6;
    }

    private long tookMillis() {
        return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startNanos);
    }
}
