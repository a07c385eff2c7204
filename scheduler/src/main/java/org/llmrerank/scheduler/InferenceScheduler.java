package org.llmrerank.scheduler;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
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
 * The per-node inference scheduler (spec section C.3, transferred to reranking in C.5: an extrapolation, see
 * {@link SchedulerPolicy}). A bounded queue of rerank programs ({@link RerankJob}), served by {@code workers} threads:
 *
 * <ul>
 *   <li><b>Admission</b>: a full queue rejects with a retry-after estimate (backlog / capacity); under
 *       {@code CERTAINDEX}, a program that cannot even start a useful call before its deadline (given the work that
 *       would run before it) is answered at once in first-stage order (degraded) instead of queueing.</li>
 *   <li><b>Order</b>: {@code FIFO}, or approximate shortest-job-first on expected FLOPs (the historical mean judged
 *       depth times the window's predicted FLOPs, Dynasor's "remaining knob x historical average"), with Dynasor's
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
 *       consecutive steps (answer stabilisation, certaindex carried over to reranking: our extension, not in the Dynasor paper applied to depth): certain queries stop early, uncertain
 *       ones get more of the window, within the deadline.</li>
 *   <li><b>Deadline</b>: before every step the predicted time (FLOPs / measured FLOP/s, times a safety factor) is
 *       checked against the deadline; a program that cannot make it degrades: shorter depth, then the cheaper model,
 *       then first-stage order. Past the deadline the running call is cancelled.</li>
 * </ul>
 * With {@code workers == 0} nothing runs by itself: the caller drives {@link #runNext()} (tests, with a fake clock).
 */
public final class InferenceScheduler implements AutoCloseable {

    private volatile SchedulerConfig config;
    private final LongSupplier clock;
    private final CapacityEstimator capacity;
    private final CostModel costs;
    private final ModelLookup models;
    private final SchedulerStats stats;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition notEmpty = lock.newCondition();
    private final List<RerankJob> queue = new ArrayList<>();
    /** per worker's batch (its slot): when its predicted remaining work ends */
    private final Map<Object, Long> running = new IdentityHashMap<>();
    private final AtomicLong ids = new AtomicLong();
    private final List<Thread> threads = new ArrayList<>();
    private final ScheduledThreadPoolExecutor timer;
    private volatile double meanDepthFraction = 0.8;
    private volatile boolean closed;

    public InferenceScheduler(SchedulerConfig config, LongSupplier clock, CapacityEstimator capacity, CostModel costs, ModelLookup models,
                              SchedulerStats stats, ThreadFactory threadFactory) {
        this.config = config;
        this.clock = clock;
        this.capacity = capacity;
        this.costs = costs;
        this.models = models;
        this.stats = stats;
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
        double qf = costs.queryFlops(model, query);
        double[] pf = new double[texts.size()];
        double passages = 0;
        for (int i = 0; i < pf.length; i++) {
            String t = texts.get(i);
            pf[i] = t == null || t.isBlank() ? 0 : costs.flops(model, t);
            passages += pf[i];
        }
        double expected = qf + (c.policy() == SchedulerPolicy.CERTAINDEX ? meanDepthFraction : 1.0) * passages;
        RerankJob job = new RerankJob(ids.incrementAndGet(), model, query, List.copyOf(nullSafe(texts)), now, now + timeoutNanos,
            cancellation, callback, qf, pf, expected);
        stats.submitted.increment();
        String degradeReason = null;
        lock.lock();
        try {
            if (closed) {
                stats.rejected.increment();
                return new Admission.Rejected(1, "the inference scheduler of this node is closing");
            }
            if (queue.size() >= c.maxQueued()) {
                stats.rejected.increment();
                return new Admission.Rejected(retryAfterSeconds(now, c), "the inference queue of this node is full [" + c.maxQueued() + "]");
            }
            if (c.policy() == SchedulerPolicy.CERTAINDEX) {
                long ahead = waitAheadNanos(now, expected, c);
                long cheapest = cheapestUsefulNanos(job, c);
                if (now + ahead + cheapest > job.deadlineNanos) {
                    degradeReason = "over capacity: about " + ahead / 1_000_000 + " ms of work ahead, deadline in " + timeoutNanos / 1_000_000 + " ms";
                }
            }
            if (degradeReason == null) {
                queue.add(job);
                notEmpty.signal();
            }
        } finally {
            lock.unlock();
        }
        if (degradeReason != null) {
            stats.degradedAtAdmission.increment();
            stats.onOutcome(JobResult.Outcome.DEGRADED_FIRST_STAGE);
            job.deliver(firstStage(job, JobResult.Outcome.DEGRADED_FIRST_STAGE, 0, degradeReason));
            return new Admission.Degraded(job.id, degradeReason);
        }
        if (timer != null) {
            ScheduledFuture<?> f = timer.schedule(cancellation::cancel, Math.max(0, timeoutNanos), TimeUnit.NANOSECONDS);
            cancellation.onCancel(() -> f.cancel(false));
        }
        return new Admission.Queued(job.id);
    }

    private static List<String> nullSafe(List<String> texts) {
        // List.copyOf refuses nulls: keep "no text" as an empty string
        return texts.stream().map(t -> t == null ? "" : t).toList();
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
            return waitAheadNanos(clock.getAsLong(), Double.POSITIVE_INFINITY, config);
        } finally {
            lock.unlock();
        }
    }

    private long retryAfterSeconds(long now, SchedulerConfig c) {
        long ns = waitAheadNanos(now, Double.POSITIVE_INFINITY, c);
        return Math.max(1, (ns + 999_999_999L) / 1_000_000_000L);
    }

    /** Work that would run before a program of {@code expected} FLOPs: the running remainder plus the queued ones served first. */
    private long waitAheadNanos(long now, double expected, SchedulerConfig c) {
        long ns = 0;
        for (long end : running.values()) {
            ns += Math.max(0, end - now);
        }
        for (RerankJob j : queue) {
            if (c.policy() == SchedulerPolicy.FIFO || j.expectedFlops <= expected) {
                ns += capacity.nanos(j.model, j.expectedFlops);
            }
        }
        return ns / Math.max(1, c.workers());
    }

    private long cheapestUsefulNanos(RerankJob job, SchedulerConfig c) {
        int k = Math.min(job.texts.size(), c.topK());
        long best = (long) (capacity.nanos(job.model, job.flops(0, k)) * c.safetyFactor());
        if (c.cheapModel() != null && c.cheapModel().equals(job.model) == false) {
            double f = costs.queryFlops(c.cheapModel(), job.query);
            for (int i = 0; i < k; i++) {
                f += job.passageFlops[i] == 0 ? 0 : costs.flops(c.cheapModel(), job.texts.get(i));
            }
            best = Math.min(best, (long) (capacity.nanos(c.cheapModel(), f) * c.safetyFactor()));
        }
        return best;
    }

    /**
     * Runs the next program on the calling thread (and the programs that join its batch); false when none is queued.
     * For {@code workers == 0}.
     */
    public boolean runNext() {
        RerankJob job;
        Plan plan;
        Object slot = new Object();
        lock.lock();
        try {
            if (queue.isEmpty()) {
                return false;
            }
            long now = clock.getAsLong();
            job = pick(now);
            plan = decide(job, now);
            running.put(slot, now + capacity.nanos(plan.model == null ? job.model : plan.model, plan.predictedFlops));
        } finally {
            lock.unlock();
        }
        execute(job, plan, slot);
        return true;
    }

    private void workLoop() {
        while (closed == false) {
            RerankJob job;
            Plan plan;
            Object slot = new Object();
            lock.lock();
            try {
                while (queue.isEmpty() && closed == false) {
                    notEmpty.await();
                }
                if (closed) {
                    return;
                }
                long now = clock.getAsLong();
                job = pick(now);
                plan = decide(job, now);
                running.put(slot, now + capacity.nanos(plan.model == null ? job.model : plan.model, plan.predictedFlops));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } finally {
                lock.unlock();
            }
            try {
                execute(job, plan, slot);
            } catch (RuntimeException | Error e) {
                job.deliver(firstStage(job, JobResult.Outcome.FAILED, 0, String.valueOf(e)));
            }
        }
    }

    /** Removes and returns the next program (lock held, queue not empty). */
    private RerankJob pick(long now) {
        SchedulerConfig c = config;
        RerankJob chosen = queue.get(0);
        if (c.policy() == SchedulerPolicy.CERTAINDEX) {
            RerankJob shortest = null;
            RerankJob starving = null;
            double worstPhi = c.fairnessLimit();
            for (RerankJob j : queue) {
                if (shortest == null || j.expectedFlops < shortest.expectedFlops) {
                    shortest = j; // ties: the earlier arrival (queue order)
                }
                double service = Math.max(1_000_000L, capacity.nanos(j.model, j.expectedFlops));
                double phi = (now - j.arrivalNanos) / service;
                if (phi > worstPhi) {
                    worstPhi = phi;
                    starving = j;
                }
            }
            chosen = starving != null ? starving : shortest;
            if (starving != null && starving != shortest) {
                stats.fairnessEscalations.increment();
            }
        }
        queue.remove(chosen);
        return chosen;
    }

    /**
     * The queue in the order programs join a batch (lock held): under the certaindex policy those past the fairness
     * limit first (longest relative wait first), then shortest expected FLOPs first, ties in arrival order.
     */
    private List<RerankJob> policyOrder(long now, SchedulerConfig c) {
        List<RerankJob> order = new ArrayList<>(queue);
        java.util.function.ToDoubleFunction<RerankJob> phi =
            j -> (now - j.arrivalNanos) / (double) Math.max(1_000_000L, capacity.nanos(j.model, j.expectedFlops));
        order.sort((a, b) -> {
            double pa = phi.applyAsDouble(a);
            double pb = phi.applyAsDouble(b);
            boolean sa = pa > c.fairnessLimit();
            boolean sb = pb > c.fairnessLimit();
            if (sa != sb) {
                return sa ? -1 : 1;
            }
            return sa ? Double.compare(pb, pa) : Double.compare(a.expectedFlops, b.expectedFlops);
        });
        return order;
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
            for (RerankJob j : policyOrder(now, c)) {
                if (members + joined.size() >= c.maxBatchPrograms()) {
                    break;
                }
                if (model.equals(j.model) == false && model.equals(c.cheapModel()) == false) {
                    continue;
                }
                Plan plan = decide(j, now);
                if (model.equals(plan.model) == false) {
                    continue;
                }
                ProgramRun p = new ProgramRun(j, plan, now - j.arrivalNanos, c);
                double f = callFlops + p.stepFlops();
                if (callPassages + p.stepPassages() > c.maxBatchPassages()
                    || fits(model, f, Math.min(earliestDeadline, j.deadlineNanos) - now) == false) {
                    continue;
                }
                queue.remove(j);
                joined.add(p);
                callFlops = f;
                callPassages += p.stepPassages();
                earliestDeadline = Math.min(earliestDeadline, j.deadlineNanos);
                stats.started.increment();
                stats.queueNanos.add(Math.max(0, now - j.arrivalNanos));
                running.merge(batch.slot(), now + capacity.nanos(model, plan.predictedFlops), (a, b) -> Math.max(a, now) + (b - now));
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
            running.put(batch.slot(), clock.getAsLong() + capacity.nanos(batch.modelName(), remainingFlops));
        } finally {
            lock.unlock();
        }
    }

    /** A program of a batch has its result: counted, delivered, its deadline timer released. */
    void finish(ProgramRun p) {
        JobResult r = p.result();
        SchedulerConfig c = config;
        if (c.policy() == SchedulerPolicy.CERTAINDEX && p.plan.mark == null && p.job.texts.isEmpty() == false
            && (r.outcome() == JobResult.Outcome.COMPLETE || r.outcome() == JobResult.Outcome.STOPPED_CERTAIN)) {
            meanDepthFraction = 0.9 * meanDepthFraction + 0.1 * p.depthFraction();
        }
        stats.onOutcome(r.outcome());
        try {
            p.job.deliver(r);
        } catch (RuntimeException e) {
            // the caller's callback failed: its problem, not the other programs' sharing this worker
        }
        p.job.cancellation.cancel(); // releases the deadline timer; the result is delivered already
    }

    long now() {
        return clock.getAsLong();
    }

    /** What a program will run, decided when it gets its worker. */
    record Plan(String model, int firstEnd, double queryFlops, double[] passageFlops, JobResult.Outcome mark, double predictedFlops,
                boolean relaxed) {
        Plan(String model, int firstEnd, double queryFlops, double[] passageFlops, JobResult.Outcome mark, double predictedFlops) {
            this(model, firstEnd, queryFlops, passageFlops, mark, predictedFlops, false);
        }
    }

    private Plan decide(RerankJob job, long now) {
        SchedulerConfig c = config;
        int n = job.texts.size();
        long left = job.deadlineNanos - now;
        if (c.policy() == SchedulerPolicy.FIFO) {
            return left <= 0 ? new Plan(null, 0, 0, null, JobResult.Outcome.EXPIRED, 0)
                : new Plan(job.model, n, job.queryFlops, job.passageFlops, null, job.fullFlops());
        }
        if (left <= 0 || job.cancellation.isCancelled()) {
            return new Plan(null, 0, 0, null, JobResult.Outcome.DEGRADED_FIRST_STAGE, 0);
        }
        int first = Math.min(n, c.minDepth());
        if (fits(job.model, job.flops(0, first), left, c)) {
            // load-adaptive threshold (Dynasor's budget follows the load): when the work still queued behind this program
            // could not all finish within this program's own deadline, one stable step is enough to stop (marked degraded)
            boolean relaxed = c.relaxUnderLoad() && waitAheadNanos(now, Double.POSITIVE_INFINITY, c) > left;
            return new Plan(job.model, first, job.queryFlops, job.passageFlops, null, job.expectedFlops, relaxed);
        }
        int k = Math.min(n, c.topK());
        int p = first;
        while (p > k && fits(job.model, job.flops(0, p), left, c) == false) {
            p--;
        }
        if (fits(job.model, job.flops(0, p), left, c)) {
            return new Plan(job.model, p, job.queryFlops, job.passageFlops, JobResult.Outcome.DEGRADED_DEPTH, job.flops(0, p));
        }
        String cheap = c.cheapModel();
        if (cheap != null && cheap.equals(job.model) == false) {
            double qf = costs.queryFlops(cheap, job.query);
            double[] pf = new double[n];
            for (int i = 0; i < n; i++) {
                pf[i] = job.passageFlops[i] == 0 ? 0 : costs.flops(cheap, job.texts.get(i));
            }
            for (int q = first; q >= k; q--) {
                double f = qf + Arrays.stream(pf, 0, q).sum();
                if (fits(cheap, f, left, c)) {
                    return new Plan(cheap, q, qf, pf, JobResult.Outcome.DEGRADED_MODEL, f);
                }
            }
        }
        return new Plan(null, 0, 0, null, JobResult.Outcome.DEGRADED_FIRST_STAGE, 0);
    }

    boolean fits(String model, double flops, long leftNanos) {
        return fits(model, flops, leftNanos, config);
    }

    private boolean fits(String model, double flops, long leftNanos, SchedulerConfig c) {
        return capacity.nanos(model, flops) * c.safetyFactor() <= leftNanos;
    }

    private void execute(RerankJob job, Plan plan, Object slot) {
        long start = clock.getAsLong();
        long queueNanos = start - job.arrivalNanos;
        stats.queueNanos.add(Math.max(0, queueNanos));
        try {
            if (plan.model == null) {
                JobResult result = firstStage(job, plan.mark, queueNanos, plan.mark == JobResult.Outcome.EXPIRED
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
                model = models.get(plan.model);
            } catch (Exception e) {
                lead.failed(e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage(), job.cancellation.isCancelled());
                finish(lead);
                return;
            }
            // FIFO (the load test's baseline) keeps one program per call; so do models whose grouped call is a loop
            boolean batching = c.policy() == SchedulerPolicy.CERTAINDEX && c.maxBatchPrograms() > 1 && model.batchesAcrossGroups();
            new ContinuousBatch(this, slot, plan.model, model, batching, lead).run();
        } finally {
            lock.lock();
            try {
                running.remove(slot);
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
        return meanDepthFraction;
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
