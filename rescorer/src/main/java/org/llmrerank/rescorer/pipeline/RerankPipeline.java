package org.llmrerank.rescorer.pipeline;

import java.util.List;
import java.util.Objects;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import org.llmrerank.rescorer.FlopsBudget;
import org.llmrerank.rescorer.RerankModel;
import org.llmrerank.rescorer.RerankOutcome;
import org.llmrerank.rescorer.StrategyWindowReranker;
import org.llmrerank.routing.Cancellation;

/**
 * The rerank of one search, the same whichever engine asks: plan once ({@link #plan}), then run the plan on this node's
 * model executor or through the scheduler, under the clause's deadline, and deliver exactly one {@link RerankResult}.
 * A model that fails, is too slow or cannot be scheduled yields a fallback result, never an exception: the search keeps
 * its first-stage order.
 */
public final class RerankPipeline {

    private final ModelSource models;
    private final StrategyWindowReranker reranker;
    private final Executor modelExecutor;
    private final DeadlineTimer timer;
    private final ScheduledRoute scheduled;
    private final BiConsumer<String, Exception> failureLog;

    /**
     * @param modelExecutor where models run: never a transport or search thread; a full queue throws
     *                      {@link RejectedExecutionException}
     * @param scheduled     the scheduler route, or null where the node has none
     * @param failureLog    the engine's log for a model failure (message, exception): the search itself only sees a fallback
     */
    public RerankPipeline(ModelSource models, StrategyWindowReranker reranker, Executor modelExecutor, DeadlineTimer timer,
                          ScheduledRoute scheduled, BiConsumer<String, Exception> failureLog) {
        this.models = Objects.requireNonNull(models, "models");
        this.reranker = Objects.requireNonNull(reranker, "reranker");
        this.modelExecutor = Objects.requireNonNull(modelExecutor, "modelExecutor");
        this.timer = Objects.requireNonNull(timer, "timer");
        this.scheduled = scheduled;
        this.failureLog = Objects.requireNonNull(failureLog, "failureLog");
    }

    /**
     * @param texts             the window's texts in first-stage order, null where a hit has no text
     * @param pageTouchesWindow whether the user's page holds a position the rerank can change
     */
    public RerankPlan plan(RerankOptions options, String queryText, List<String> texts, boolean pageTouchesWindow) {
        return RerankPlan.of(options, queryText, texts, pageTouchesWindow, models.strategiesOf(options.model()),
            scheduled != null && scheduled.enabled());
    }

    /**
     * Runs the plan. {@code done} receives exactly one result, on any thread; a plan that spends nothing
     * ({@link RerankPlan.Route#SKIP}, {@link RerankPlan.Route#NO_TEXT}) is answered on the calling thread.
     *
     * @return cancels the run: the model stops as soon as it can, and no result is delivered afterwards
     */
    public Runnable run(RerankPlan plan, Consumer<RerankResult> done) {
        Run run = new Run(plan, done);
        run.start();
        return run::cancel;
    }

    /** One search's run: answered once, by the model, the deadline or a failure, whichever comes first. */
    private final class Run {
        private final RerankPlan plan;
        private final Consumer<RerankResult> done;
        private final AtomicBoolean answered = new AtomicBoolean();
        private final Cancellation cancellation = new Cancellation();
        private final long startNanos = System.nanoTime();
        private volatile Runnable cancelDeadline;

        Run(RerankPlan plan, Consumer<RerankResult> done) {
            this.plan = plan;
            this.done = done;
        }

        void start() {
            switch (plan.route()) {
                case SKIP -> answer(RerankResult.skipped());
                case NO_TEXT -> answer(RerankResult.fallback(FallbackCause.NO_TEXT, "no hit of the window has text in ["
                    + plan.options().field() + "]"));
                case LOCAL, SCHEDULED -> {
                    cancelDeadline = timer.schedule(() -> answer(RerankResult.fallback(FallbackCause.TIMEOUT, "no answer from the model within ["
                        + formatNanos(plan.options().timeoutNanos()) + "]")), plan.options().timeoutNanos());
                    try {
                        modelExecutor.execute(plan.route() == RerankPlan.Route.LOCAL ? this::runLocal : this::runScheduled);
                    } catch (RejectedExecutionException e) {
                        answer(RerankResult.fallback(FallbackCause.REJECTED, "the inference queue of this node is full"));
                    }
                }
            }
        }

        void cancel() {
            if (answered.compareAndSet(false, true)) {
                Runnable d = cancelDeadline;
                if (d != null) {
                    d.run();
                }
                cancellation.cancel();
            }
        }

        private void runLocal() {
            if (answered.get()) {
                return; // the deadline passed while this waited in the queue: do not spend the compute
            }
            try {
                long loadStart = System.nanoTime();
                RerankModel model = models.get(plan.options().model());
                long loadNanos = System.nanoTime() - loadStart;
                RerankOutcome outcome = reranker.rerank(model, plan.options().strategy(), plan.queryText(), plan.texts(),
                    plan.options().topK(), plan.options().flopsBudget(), cancellation);
                if (outcome.scoredDocs() == 0 && outcome.budget().passagesWithText() > 0) {
                    String why = outcome.report().ran() == null ? outcome.report().reason() : "judging even one passage would exceed flops_budget";
                    answer(RerankResult.fallback(FallbackCause.BUDGET, why + " [" + FlopsBudget.format(plan.options().flopsBudget()) + "]"));
                    return;
                }
                long overhead = System.nanoTime() - startNanos - loadNanos - outcome.modelNanos();
                answer(RerankResult.reranked(outcome, null, loadNanos, Math.max(0, overhead)));
            } catch (Exception e) {
                failed(e);
            }
        }

        private void runScheduled() {
            if (answered.get()) {
                return;
            }
            long left = plan.options().timeoutNanos() - (System.nanoTime() - startNanos);
            try {
                scheduled.run(plan, Math.max(1, left), cancellation, this::onScheduled);
            } catch (RuntimeException e) {
                failed(e);
            }
        }

        private void onScheduled(ScheduledAnswer a) {
            switch (a) {
                case ScheduledAnswer.Scored s -> answer(RerankResult.reranked(ScheduledOutcome.of(plan, s.window()), s.window().placement(), 0, -1));
                case ScheduledAnswer.NotScored n -> answer(RerankResult.fallback(n.cause(), n.reason()));
                case ScheduledAnswer.Rejected r -> answer(RerankResult.rejected(r.retryAfterSeconds(), r.reason()));
            }
        }

        private void failed(Exception e) {
            if (answered.get()) {
                return; // cancelled after the deadline answered: nothing went wrong
            }
            failureLog.accept("llm_rerank: model [" + plan.options().model() + "] failed; keeping first-stage order", e);
            answer(RerankResult.fallback(FallbackCause.MODEL_ERROR, e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage()));
        }

        private void answer(RerankResult result) {
            if (answered.compareAndSet(false, true) == false) {
                return;
            }
            Runnable d = cancelDeadline;
            if (d != null) {
                d.run();
            }
            if (result.status() != RerankResult.Status.RERANKED) {
                cancellation.cancel(); // the model's work is no longer wanted: stop it (ONNX Runtime ends the running batch)
            }
            done.accept(result);
        }
    }

    private static String formatNanos(long nanos) {
        return nanos % 1_000_000_000L == 0 ? nanos / 1_000_000_000L + "s" : nanos / 1_000_000L + "ms";
    }
}
