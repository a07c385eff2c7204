package org.llmrerank.scheduler;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import java.util.function.LongSupplier;
import org.llmrerank.rescorer.RerankModel;
import org.llmrerank.routing.Cancellation;

/**
 * The per-node inference scheduler: Dynasor's scheduling of reasoning programs carried over to reranking (our extension,
 * see {@link SchedulerPolicy}). A bounded queue of rerank programs ({@link RerankJob}), served by {@code workers} threads:
 *
 * <ul>
 *   <li><b>Admission</b> ({@link AdmissionControl}): a full queue rejects with a retry-after estimate (backlog /
 *       capacity); under {@code CERTAINDEX}, a program that cannot even start a useful call before its deadline (given
 *       the work that would run before it, {@link Backlog}) is answered at once in first-stage order (degraded) instead
 *       of queueing.</li>
 *   <li><b>Order</b> ({@link QueueOrder}): {@code FIFO}, or approximate shortest-job-first on expected FLOPs (the
 *       historical mean judged depth times the window's predicted FLOPs, {@link ProgramCosts}), with Dynasor's
 *       starvation guard: a program that has waited more than {@code fairnessLimit} times its own predicted service
 *       time (finish-time fairness) goes first.</li>
 *   <li><b>Gang</b>: a program holds its worker from its first call to its last, so one query's calls run back to
 *       back and it finishes as soon as it can; with {@code maxBatchPrograms == 1} they are never interleaved with
 *       another query's.</li>
 *   <li><b>Continuous batching</b> ({@code maxBatchPrograms > 1}, certaindex policy, models that batch across
 *       searches): a worker's call holds the next step of up to that many programs of one model; programs join at step
 *       boundaries and leave when they finish, each deciding exactly as alone ({@link ContinuousBatch},
 *       {@link ProgramRun}). Admission and backlog estimates still assume programs run one after another.</li>
 *   <li><b>Certaindex allocation</b>: the program judges the first-stage window prefix by prefix (detect point
 *       {@code minDepth}, then steps of {@code chunk}); it stops once its top-k set was unchanged by {@code stableSteps}
 *       consecutive steps (Dynasor's answer stabilisation applied to depth, our extension): certain queries stop early,
 *       uncertain ones get more of the window, within the deadline.</li>
 *   <li><b>Deadline</b>: when a program gets its worker ({@link ProgramPlanner}) and before every further step the
 *       predicted time (FLOPs / measured FLOP/s, times a safety factor) is checked against the deadline; a program that
 *       cannot make it degrades: shorter depth, then the cheaper model, then first-stage order. Past the deadline the
 *       running call is cancelled.</li>
 * </ul>
 * With {@code workers == 0} nothing runs by itself: the caller drives {@link #runNext()} (tests, with a fake clock).
 */
public final class InferenceScheduler implements AutoCloseable {

    private volatile SchedulerConfig config;
    private final LongSupplier clock;
    private final CapacityEstimator capacity;
    private final ModelLookup models;
    private final SchedulerStats stats;
    private final ProgramCosts programCosts;
    private final AdmissionControl admission;
    private final QueueOrder order;
    private final ProgramPlanner planner;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition notEmpty = lock.newCondition();
    /** waiting programs in arrival order; guarded by {@code lock}, like {@code backlog} */
    private final List<RerankJob> queue = new ArrayList<>();
    private final Backlog backlog;
    private final AtomicLong ids = new AtomicLong();
    private final List<Thread> threads = new ArrayList<>();
    private final ScheduledThreadPoolExecutor timer;
    private volatile boolean closed;

    public InferenceScheduler(SchedulerConfig config, LongSupplier clock, CapacityEstimator capacity, CostModel costs, ModelLookup models,
                              SchedulerStats stats, ThreadFactory threadFactory) {
        this.config = config;
        this.clock = clock;
        this.capacity = capacity;
        this.models = models;
        this.stats = stats;
        this.programCosts = new ProgramCosts(costs);
        this.admission = new AdmissionControl(capacity, costs);
        this.order = new QueueOrder(capacity);
        this.planner = new ProgramPlanner(capacity, costs);
        this.backlog = new Backlog(capacity);
        if (config.workers() > 0) {
            timer = new ScheduledThreadPoolExecutor(1, threadFactory);
            timer.setRemoveOnCancelPolicy(true);
            for (int i = 0; i < config.workers(); i++) {
                Thread t = threadFactory.newThread(this::workLoop);
                threads.add(t);
                t.start();
            }
        } else {
            timer = null;
        }
    }

    public SchedulerConfig config() {
        return config;
    }

    /** Policy and knobs can change at run time; the worker count and queue bound cannot. */
    public void setPolicy(SchedulerPolicy policy) {
        config = config.withPolicy(policy);
    }

    /**
     * Continuous batching knobs. A batch already running follows a new bound from its next step boundary; whether it
     * batches at all was decided when it started (so switching 1 to N takes effect with the next program a worker takes).
     */
    public void setBatching(int maxBatchPrograms, int maxBatchPassages) {
        config = config.withBatching(maxBatchPrograms, maxBatchPassages);
    }

    public CapacityEstimator capacity() {
        return capacity;
    }

    public SchedulerStats stats() {
        return stats;
    }

    /**
     * @param texts        the window in first-stage order, null where a hit has no text
     * @param timeoutNanos time left until the caller's deadline
     * @param cancellation cancelled by the caller when it no longer wants the result; cancelled by the scheduler at the deadline
     * @param callback     receives the result exactly once (on a worker thread, or on the caller's when degraded at admission)
     */
    public Admission submit(String model, String query, List<String> texts, long timeoutNanos, Cancellation cancellation,
                            Consumer<JobResult> callback) {
        long now = clock.getAsLong();
        SchedulerConfig c = config;
        RerankJob job = programCosts.job(ids.incrementAndGet(), model, query, texts, now, timeoutNanos, cancellation, callback, c.policy());
        stats.submitted.increment();
        AdmissionControl.Verdict verdict;
        lock.lock();
        try {
            verdict = admission.admit(job, now, c, closed, backlog, queue);
            if (verdict instanceof AdmissionControl.Verdict.Queue) {
                queue.add(job);
                notEmpty.signal();
            }
        } finally {
            lock.unlock();
        }
        if (verdict instanceof AdmissionControl.Verdict.Reject r) {
            stats.rejected.increment();
            return new Admission.Rejected(r.retryAfterSeconds(), r.reason());
        }
        if (verdict instanceof AdmissionControl.Verdict.Degrade d) {
            stats.degradedAtAdmission.increment();
            stats.onOutcome(JobResult.Outcome.DEGRADED_FIRST_STAGE);
            job.deliver(firstStage(job, JobResult.Outcome.DEGRADED_FIRST_STAGE, 0, d.reason()));
            return new Admission.Degraded(job.id, d.reason());
        }
        if (timer != null) {
            ScheduledFuture<?> f = timer.schedule(cancellation::cancel, Math.max(0, timeoutNanos), TimeUnit.NANOSECONDS);
            cancellation.onCancel(() -> f.cancel(false));
        }
        return new Admission.Queued(job.id);
    }

    public int queued() {
        lock.lock();
        try {
            return queue.size();
        } finally {
            lock.unlock();
        }
    }

    /** Predicted time until all queued and running work is done, per worker. */
    public long backlogNanos() {
        lock.lock();
        try {
            return backlog.allNanos(clock.getAsLong(), queue, config);
        } finally {
            lock.unlock();
        }
    }

    /**
     * Runs the next program on the calling thread (and the programs that join its batch); false when none is queued.
     * For {@code workers == 0}.
     */
    public boolean runNext() {
        Started next;
        lock.lock();
        try {
            if (queue.isEmpty()) {
                return false;
            }
            next = startNext();
        } finally {
            lock.unlock();
        }
        execute(next);
        return true;
    }

    private void workLoop() {
        while (closed == false) {
            Started next;
            lock.lock();
            try {
                while (queue.isEmpty() && closed == false) {
                    notEmpty.await();
                }
                if (closed) {
                    return;
                }
                next = startNext();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } finally {
                lock.unlock();
            }
            try {
                execute(next);
            } catch (RuntimeException | Error e) {
                next.job.deliver(firstStage(next.job, JobResult.Outcome.FAILED, 0, String.valueOf(e)));
            }
        }
    }

    /** A program taken from the queue with its plan, and the key of its worker's batch in the backlog. */
    private record Started(RerankJob job, ProgramPlan plan, Object slot) {}

    /** Takes the next program in the policy's order and plans it (lock held, queue not empty). */
    private Started startNext() {
        long now = clock.getAsLong();
        SchedulerConfig c = config;
        QueueOrder.Next next = order.next(queue, now, c);
        if (next.escalated()) {
            stats.fairnessEscalations.increment();
        }
        RerankJob job = next.job();
        queue.remove(job);
        ProgramPlan plan = plan(job, now, c);
        Object slot = new Object();
        backlog.runs(slot, now + capacity.nanos(plan.runsModel() ? plan.model() : job.model, plan.predictedFlops()));
        return new Started(job, plan, slot);
    }

    /** Lock held: the load-adaptive threshold reads the backlog. */
    private ProgramPlan plan(RerankJob job, long now, SchedulerConfig c) {
        return planner.plan(job, now, c, () -> backlog.allNanos(now, queue, c));
    }

    /**
     * At a step boundary of {@code batch}: the queued programs that join its next call, removed from the queue, in the
     * policy's order, while the call keeps within the knobs and is predicted to meet the deadline of every member
     * (the earliest is {@code earliestDeadline}) and of the joiner. A program that would run another model (degraded
     * to the cheap one), or none, stays queued for a worker of its own.
     */
    List<ProgramRun> joiners(ContinuousBatch batch, int members, double callFlops, int callPassages, long earliestDeadline) {
        List<ProgramRun> joined = new ArrayList<>();
        lock.lock();
        try {
            SchedulerConfig c = config;
            if (closed || c.policy() != SchedulerPolicy.CERTAINDEX || queue.isEmpty() || members >= c.maxBatchPrograms()) {
                return joined;
            }
            long now = clock.getAsLong();
            String model = batch.modelName();
            for (RerankJob j : order.joinOrder(queue, now, c)) {
                if (members + joined.size() >= c.maxBatchPrograms()) {
                    break;
                }
                if (model.equals(j.model) == false && model.equals(c.cheapModel()) == false) {
                    continue;
                }
                ProgramPlan plan = plan(j, now, c);
                if (model.equals(plan.model()) == false) {
                    continue;
                }
                ProgramRun p = new ProgramRun(j, plan, now - j.arrivalNanos, c);
                double f = callFlops + p.stepFlops();
                if (callPassages + p.stepPassages() > c.maxBatchPassages()
                    || planner.fits(model, f, Math.min(earliestDeadline, j.deadlineNanos) - now, c) == false) {
                    continue;
                }
                queue.remove(j);
                joined.add(p);
                callFlops = f;
                callPassages += p.stepPassages();
                earliestDeadline = Math.min(earliestDeadline, j.deadlineNanos);
                stats.started.increment();
                stats.queueNanos.add(Math.max(0, now - j.arrivalNanos));
                backlog.joins(batch.slot(), now, capacity.nanos(model, plan.predictedFlops()));
            }
        } finally {
            lock.unlock();
        }
        return joined;
    }

    /** After each step of {@code batch}: what its members are still predicted to spend, for the backlog estimates. */
    void onBoundary(ContinuousBatch batch, double remainingFlops) {
        lock.lock();
        try {
            backlog.runs(batch.slot(), clock.getAsLong() + capacity.nanos(batch.modelName(), remainingFlops));
        } finally {
            lock.unlock();
        }
    }

    /** A program of a batch has its result: counted, delivered, its deadline timer released. */
    void finish(ProgramRun p) {
        programCosts.finished(p, config);
        stats.onOutcome(p.result().outcome());
        try {
            p.job.deliver(p.result());
        } catch (RuntimeException e) {
            // the caller's callback failed: its problem, not the other programs' sharing this worker
        }
        p.job.cancellation.cancel(); // releases the deadline timer; the result is delivered already
    }

    long now() {
        return clock.getAsLong();
    }

    /** Whether {@code flops} on {@code model} are predicted to fit in {@code leftNanos} (safety factor included). */
    boolean fits(String model, double flops, long leftNanos) {
        return planner.fits(model, flops, leftNanos, config);
    }

    private void execute(Started s) {
        RerankJob job = s.job;
        ProgramPlan plan = s.plan;
        long start = clock.getAsLong();
        long queueNanos = start - job.arrivalNanos;
        stats.queueNanos.add(Math.max(0, queueNanos));
        try {
            if (plan.runsModel() == false) {
                JobResult result = firstStage(job, plan.mark(), queueNanos, plan.mark() == JobResult.Outcome.EXPIRED
                    ? "the deadline passed while queued" : "no model call could make the deadline");
                stats.onOutcome(result.outcome());
                job.deliver(result);
                job.cancellation.cancel();
                return;
            }
            stats.started.increment();
            SchedulerConfig c = config;
            ProgramRun lead = new ProgramRun(job, plan, queueNanos, c);
            RerankModel model;
            try {
                model = models.get(plan.model());
            } catch (Exception e) {
                lead.failed(e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage(), job.cancellation.isCancelled());
                finish(lead);
                return;
            }
            // FIFO (the load test's baseline) keeps one program per call; so do models whose grouped call is a loop
            boolean batching = c.policy() == SchedulerPolicy.CERTAINDEX && c.maxBatchPrograms() > 1 && model.batchesAcrossGroups();
            new ContinuousBatch(this, s.slot, plan.model(), model, batching, lead).run();
        } finally {
            lock.lock();
            try {
                backlog.done(s.slot);
            } finally {
                lock.unlock();
            }
        }
    }

    private static JobResult firstStage(RerankJob job, JobResult.Outcome outcome, long queueNanos, String why) {
        int n = job.texts.size();
        float[] scores = new float[n];
        Arrays.fill(scores, Float.NaN);
        return new JobResult(scores, identity(n), null, 0, 0, outcome, 0, 0, 0, queueNanos, why);
    }

    static int[] identity(int n) {
        int[] o = new int[n];
        for (int i = 0; i < n; i++) {
            o[i] = i;
        }
        return o;
    }

    public double meanDepthFraction() {
        return programCosts.meanDepthFraction();
    }

    @Override
    public void close() {
        List<RerankJob> left;
        lock.lock();
        try {
            closed = true;
            left = new ArrayList<>(queue);
            queue.clear();
            notEmpty.signalAll();
        } finally {
            lock.unlock();
        }
        for (RerankJob j : left) {
            j.deliver(firstStage(j, JobResult.Outcome.FAILED, 0, "the inference scheduler of this node closed"));
        }
        for (Thread t : threads) {
            t.interrupt();
        }
        for (Thread t : threads) {
            try {
                t.join(5000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        if (timer != null) {
            timer.shutdownNow();
        }
    }
}
