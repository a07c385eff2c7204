package org.llmrerank.plugin;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import org.llmrerank.plugin.inference.InferenceService;
import org.llmrerank.rescorer.FlopsBudget;
import org.llmrerank.rescorer.Strategy;
import org.llmrerank.rescorer.LayerUsage;
import org.llmrerank.rescorer.StrategyReport;
import org.llmrerank.rescorer.RerankModel;
import org.llmrerank.rescorer.RerankOutcome;
import org.llmrerank.routing.Cancellation;
import org.llmrerank.scheduler.JobResult;
import org.llmrerank.scheduler.RerankCounters;
import org.llmrerank.scheduler.RerankCounters.FallbackCause;
import org.opensearch.OpenSearchStatusException;
import org.opensearch.action.search.SearchResponse;
import org.opensearch.common.unit.TimeValue;
import org.opensearch.core.rest.RestStatus;
import org.opensearch.core.concurrency.OpenSearchRejectedExecutionException;
import org.opensearch.core.action.ActionListener;
import org.opensearch.core.tasks.TaskCancelledException;
import org.opensearch.tasks.CancellableTask;
import org.opensearch.tasks.Task;
import org.opensearch.threadpool.Scheduler;
import org.opensearch.threadpool.ThreadPool;

/**
 * One query's rerank after its first stage returned: runs the model on the inference executor under
 * the clause's deadline and answers the user exactly once, with the reranked page, or with the
 * first-stage page and a fallback marker when the model fails, is too slow or cannot be scheduled.
 * A model problem never fails the search.
 */
final class RerankExecution {

    private static final Logger logger = LogManager.getLogger(RerankExecution.class);

    private final RerankService service;
    private final ResolvedRerank r;
    private final SearchResponse firstStage;
    private final ActionListener<SearchResponse> listener;
    private final AtomicBoolean answered = new AtomicBoolean();
    private final long startNanos = System.nanoTime();
    private final long searchStartNanos;
    private final RerankCounters.Labels labels;
    private volatile Scheduler.ScheduledCancellable deadline;
    /** The search's task: a search cancelled before its rerank starts spends no model time. */
    private final Task task;
    /** Stops the model (ONNX Runtime terminates the running batch) once the user has been answered without it. */
    private final Cancellation cancellation = new Cancellation();

    /**
     * @param searchStartNanos when the search reached the filter: latency in the stats covers both stages
     */
    RerankExecution(RerankService service, ResolvedRerank r, SearchResponse firstStage, ActionListener<SearchResponse> listener,
                    long searchStartNanos, Task task) {
        this.task = task;
        this.searchStartNanos = searchStartNanos;
        this.labels = new RerankCounters.Labels(r.indices(), r.strategy().clauseName(), r.model());
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
        if (r.size() == 0 || r.from() >= r.windowSize() || firstStage.getHits().getHits().length == 0) {
            // the page holds no position the rerank can change (reordering stays inside the window): spend nothing
            answer(SearchResponseReranker.build(firstStage, r, null, withTook(details("skipped", null, null)), tookMillis()),
                () -> service.counters().onSkippedPage());
            return;
        }
        service.counters().onQuery();
        ThreadPool tp = service.threadPool();
        deadline = tp.schedule(() -> fallback(FallbackCause.TIMEOUT, "no answer from the model within [" + r.timeout() + "]"),
            r.timeout(), ThreadPool.Names.GENERIC);
        try {
            tp.executor(RerankService.EXECUTOR).execute(this::runModel);
        } catch (OpenSearchRejectedExecutionException e) {
            fallback(FallbackCause.REJECTED, "the inference queue of this node is full");
        }
    }

    private void runModel() {
        if (answered.get()) {
            return; // the deadline passed while this waited in the queue: do not spend the compute
        }
        long runStart = System.nanoTime();
        List<String> texts = SearchResponseReranker.windowTexts(firstStage, r);
        if (texts.stream().allMatch(t -> t == null || t.isBlank())) {
            fallback(FallbackCause.NO_TEXT, "no hit of the window has text in [" + r.field() + "] in its _source");
            return;
        }
        InferenceService inference = service.inference();
        if (inference != null && Double.isInfinite(r.flopsBudget()) && inference.enabled() && scheduledPointwise()) {
            runScheduled(inference, texts);
            return;
        }
        try {
            long loadStart = System.nanoTime();
            RerankModel model = service.models().get(r.model()); // loads on first use only
            long loadNanos = System.nanoTime() - loadStart;
            RerankOutcome outcome = service.reranker().rerank(model, r.strategy(), r.queryText(), texts, r.topK(), r.flopsBudget(),
                cancellation);
            if (answered.get()) {
                return; // too late: the user already has the first-stage order
            }
            if (outcome.scoredDocs() == 0 && outcome.budget().passagesWithText() > 0) {
                String why = outcome.report().ran() == null ? outcome.report().reason() : "judging even one passage would exceed flops_budget";
                fallback(FallbackCause.BUDGET, why + " [" + FlopsBudget.format(r.flopsBudget()) + "]");
                return;
            }
            Map<String, Object> ext = details("reranked", null, null);
            ext.put("strategy", outcome.strategy().clauseName()); // what ran; requested_strategy says what was asked
            ext.put("strategy_decision", decision(outcome.report()));
            // passages a budget left out have text: they are not "without text"
            int withoutText = texts.size() - outcome.budget().passagesWithText();
            ext.put("reranked_docs", outcome.scoredDocs());
            ext.put("docs_without_text", withoutText);
            ext.put("input_tokens", outcome.inputTokens());
            if (Double.isInfinite(r.flopsBudget()) == false) {
                // how the budget shaped the run: judged passages vs those with text in the window
                ext.put("budget_enforced", outcome.budget().enforceable());
                ext.put("budget_judged_docs", outcome.budget().passagesThatFit());
            }
            ext.put("flops_estimated", outcome.estimatedFlops());
            ext.put("flops_counted", outcome.countedFlops() >= 0 ? outcome.countedFlops() : null);
            ext.put("model_took_ms", TimeUnit.NANOSECONDS.toMillis(outcome.modelNanos()));
            if (outcome.layers().reported()) {
                ext.put("layers", Map.of("sequences", outcome.layers().sequences(), "executed", outcome.layers().executed(),
                    "skipped", outcome.layers().skipped(), "repeated", outcome.layers().repeated()));
            }
            if (loadNanos > 1_000_000) {
                ext.put("model_load_ms", TimeUnit.NANOSECONDS.toMillis(loadNanos));
            }
            // what this stage spent besides loading and running the model (reading texts, budget fitting, reordering),
            // up to assembling the response; queue wait on the inference executor is not included
            ext.put("plugin_overhead_us", TimeUnit.NANOSECONDS.toMicros(System.nanoTime() - runStart - loadNanos - outcome.modelNanos()));
            SearchResponse response = SearchResponseReranker.build(firstStage, r, outcome, withTook(ext), tookMillis());
            // attributed to the strategy that ran (auto resolves per query)
            RerankCounters.Labels ran = new RerankCounters.Labels(r.indices(), outcome.strategy().clauseName(), r.model());
            answer(response, () -> service.counters().onReranked(ran, new RerankCounters.Reranked(outcome.scoredDocs(),
                withoutText, outcome.inputTokens(), outcome.modelNanos(), outcome.estimatedFlops(),
                outcome.countedFlops(), searchMillis(), outcome.layers()), outcome.report().switchedUnderBudget(),
                outcome.report().earlyStopped()));
        } catch (Exception e) {
            if (answered.get()) {
                return; // cancelled after the deadline answered the user: nothing went wrong
            }
            logger.warn(() -> "llm_rerank: model [" + r.model() + "] failed; keeping first-stage order", e);
            fallback(FallbackCause.MODEL_ERROR, e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage());
        }
    }

    /**
     * The scheduler runs pointwise bi-encoder programs (certaindex over depth, MiniLM as a degrade step); sorting
     * strategies and LLM checkpoints take the local path.
     */
    private boolean scheduledPointwise() {
        boolean pointwiseOnly = service.models().strategiesOf(r.model()).stream().allMatch(Strategy::isPointwise);
        return pointwiseOnly && (r.strategy() == Strategy.AUTO || r.strategy().isPointwise());
    }

    /** Through the scheduler, here or on an inference node (org.llmrerank.plugin.inference); never blocks this thread. */
    private void runScheduled(InferenceService inference, List<String> texts) {
        long left = r.timeout().nanos() - (System.nanoTime() - startNanos);
        inference.dispatch(r.model(), r.queryText(), texts, TimeValue.timeValueNanos(Math.max(1, left)), cancellation,
            ActionListener.wrap(d -> onScheduled(inference, d, texts), e -> fallback(FallbackCause.MODEL_ERROR, String.valueOf(e))));
    }

    private void onScheduled(InferenceService inference, InferenceService.Dispatched d, List<String> texts) {
        if (answered.get()) {
            return;
        }
        if (d.rejected()) {
            inference.stats().rejectedToUser.increment();
            OpenSearchStatusException e = new OpenSearchStatusException("[llm_rerank] inference capacity exhausted: " + d.reason()
                + "; retry after " + d.retryAfterSeconds() + "s", RestStatus.TOO_MANY_REQUESTS);
            e.addHeader("Retry-After", Long.toString(d.retryAfterSeconds()));
            if (answered.compareAndSet(false, true)) {
                service.counters().onFallback(labels, FallbackCause.REJECTED, searchMillis());
                Scheduler.ScheduledCancellable dl = deadline;
                if (dl != null) {
                    dl.cancel();
                }
                listener.onFailure(e);
            }
            return;
        }
        JobResult jr = d.result();
        if (jr == null || jr.outcome().reranked() == false) {
            FallbackCause cause = jr != null && (jr.outcome() == JobResult.Outcome.DEGRADED_FIRST_STAGE || jr.outcome() == JobResult.Outcome.EXPIRED)
                ? FallbackCause.TIMEOUT : jr == null && d.cause() != null ? d.cause() : FallbackCause.MODEL_ERROR;
            String why = jr == null ? d.reason() : jr.outcome().name().toLowerCase(java.util.Locale.ROOT) + ": " + jr.error();
            fallback(cause, "scheduler" + (d.node() == null ? "" : " on [" + d.node() + "]") + ": " + why);
            return;
        }
        int withText = (int) texts.stream().filter(t -> t != null && t.isBlank() == false).count();
        RerankOutcome outcome = new RerankOutcome(jr.order(), jr.scores(), Strategy.POINTWISE_EMBEDDING, jr.judgedDocs(),
            jr.estimatedFlops(), -1, jr.inputTokens(), jr.modelNanos(), LayerUsage.UNREPORTED,
            new RerankOutcome.BudgetEffect(jr.judgedDocs(), withText, true),
            new StrategyReport(jr.model(), r.requestedStrategy().clauseName(), Strategy.POINTWISE_EMBEDDING.clauseName(), null,
                "scheduler: certaindex over depth", jr.judgedDepth(), Double.NaN, jr.judgedDocs() + 1L, false, "", false));
        Map<String, Object> ext = details("reranked", null, null);
        ext.put("reranked_docs", jr.judgedDocs());
        ext.put("docs_without_text", texts.size() - withText);
        ext.put("input_tokens", jr.inputTokens());
        ext.put("flops_estimated", jr.estimatedFlops());
        ext.put("flops_counted", null);
        ext.put("model_took_ms", TimeUnit.NANOSECONDS.toMillis(jr.modelNanos()));
        Map<String, Object> sched = new LinkedHashMap<>();
        sched.put("node", d.node());
        sched.put("outcome", jr.outcome().name().toLowerCase(java.util.Locale.ROOT));
        sched.put("degraded", jr.outcome().degraded());
        sched.put("judged_model", jr.model());
        sched.put("judged_depth", jr.judgedDepth());
        sched.put("queue_ms", TimeUnit.NANOSECONDS.toMillis(jr.queueNanos()));
        sched.put("failovers", d.failovers());
        ext.put("scheduler", sched);
        SearchResponse response = SearchResponseReranker.build(firstStage, r, outcome, withTook(ext), tookMillis());
        RerankCounters.Labels ran = new RerankCounters.Labels(r.indices(), Strategy.POINTWISE_EMBEDDING.clauseName(), r.model());
        answer(response, () -> service.counters().onReranked(ran, new RerankCounters.Reranked(jr.judgedDocs(),
            texts.size() - withText, jr.inputTokens(), jr.modelNanos(), jr.estimatedFlops(), -1, searchMillis())));
    }

    private void fallback(FallbackCause cause, String reason) {
        if (answered.get()) {
            return;
        }
        Map<String, Object> ext = details("fallback", cause.key(), reason);
        SearchResponse response;
        try {
            response = SearchResponseReranker.build(firstStage, r, null, withTook(ext), tookMillis());
        } catch (Exception e) {
            if (answered.compareAndSet(false, true)) {
                listener.onFailure(e);
            }
            return;
        }
        answer(response, () -> service.counters().onFallback(labels, cause, searchMillis()));
        cancellation.cancel();
    }

    /**
     * Delivers the answer unless one was delivered already. The counters are updated before the user
     * sees the response, so a caller that reads the stats after its search always finds it counted.
     */
    private void answer(SearchResponse response, Runnable count) {
        if (answered.compareAndSet(false, true) == false) {
            return;
        }
        count.run();
        Scheduler.ScheduledCancellable d = deadline;
        if (d != null) {
            d.cancel();
        }
        listener.onResponse(response);
    }

    private Map<String, Object> details(String status, String cause, String reason) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("status", status);
        if (cause != null) {
            m.put("fallback_cause", cause);
            m.put("fallback_reason", reason);
        }
        m.put("model", r.model());
        m.put("field", r.field());
        m.put("strategy", r.strategy().clauseName());
        m.put("requested_strategy", r.requestedStrategy().clauseName());
        m.put("window_size", r.windowSize());
        m.put("flops_budget", Double.isInfinite(r.flopsBudget()) ? null : FlopsBudget.format(r.flopsBudget()));
        return m;
    }

    /** Why this strategy and depth ran: auto's decision, the prediction it was made on, early stops. */
    private static Map<String, Object> decision(StrategyReport d) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("ran", d.ran());
        if (d.autoOutcome() != null) {
            m.put("auto_outcome", d.autoOutcome());
        }
        m.put("reason", d.reason());
        m.put("depth", d.depth());
        m.put("flops_predicted", Double.isNaN(d.predictedFlops()) ? null : d.predictedFlops());
        m.put("calls", d.calls());
        m.put("early_stopped", d.earlyStopped());
        if (d.earlyStopped()) {
            m.put("early_stop_reason", d.earlyStopReason());
        }
        m.put("scores", d.rankScores() ? "rank_derived" : "model");
        return m;
    }

    private Map<String, Object> withTook(Map<String, Object> ext) {
        // the search's own "took" covers both stages; these split it
        ext.put("first_stage_took_ms", firstStage.getTook().millis());
        ext.put("took_ms", tookMillis());
        return ext;
    }

    private double searchMillis() {
        return (System.nanoTime() - searchStartNanos) / 1e6;
    }

    private long tookMillis() {
        return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startNanos);
    }
}
