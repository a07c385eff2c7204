package org.llmrerank.scheduler.placement;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.DoubleAdder;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import org.llmrerank.rescorer.pipeline.FallbackCause;
import org.llmrerank.rescorer.pipeline.RerankPlan;
import org.llmrerank.rescorer.pipeline.ScheduledAnswer;
import org.llmrerank.rescorer.pipeline.ScheduledRoute;
import org.llmrerank.routing.Cancellation;
import org.llmrerank.scheduler.Admission;
import org.llmrerank.scheduler.CostModel;
import org.llmrerank.scheduler.InferenceScheduler;
import org.llmrerank.scheduler.JobResult;
import org.llmrerank.scheduler.SchedulerStats;

/**
 * Where a search's window runs, the same on every engine: with no inference node, in this node's
 * {@link InferenceScheduler}; otherwise on the inference node with the least predicted wait (its last reported backlog
 * plus the FLOPs this node has in flight there, over its capacity; equal waits rotate so idle nodes share the work),
 * over the engine's {@link InferenceTransport}. A node that fails, rejects or does not answer in time is skipped and the
 * next one tried with the time left; when none is left the search keeps first-stage order with the cause
 * {@link Dispatched#cause} names, or answers 429 when every node rejected. A node that does not answer before the
 * deadline is a deadline miss ({@code timeout}): under overload a healthy node is slow, not broken, so it is neither
 * counted nor reported as failed. Nothing here blocks a thread.
 *
 * <p>On an inference node, {@link #serve} queues a program sent by another node in the local scheduler and answers its
 * result (or the rejection with a retry-after estimate) with the node's backlog and FLOP/s.
 */
public final class InferencePlacement implements ScheduledRoute {

    /** Time kept back for the way home when a window is sent to another node. */
    public static final long NETWORK_MARGIN_MILLIS = 50;

    private final InferenceScheduler scheduler;
    private final SchedulerStats stats;
    private final InferenceTransport transport;
    private final CostModel predictedFlops;
    private final Supplier<String> localName;
    private final BooleanSupplier policyOn;
    private final LongSupplier clock;
    private final PlacementLog log;
    private final Map<String, NodeLoad> loads = new ConcurrentHashMap<>();
    private final AtomicLong rotation = new AtomicLong();

    /** What this node knows of an inference node's load. */
    private static final class NodeLoad {
        volatile long backlogNanos;
        volatile double flopsPerSecond;
        final DoubleAdder inFlightFlops = new DoubleAdder();
    }

    /**
     * @param predictedFlops a passage's FLOPs as this node predicts them without the model (the placement's own load share)
     * @param localName      this node's name, shown in the placement of what runs here
     * @param policyOn       whether a scheduler policy is switched on for this node's own searches
     * @param clock          nanoseconds, for the time left to fail over in
     */
    public InferencePlacement(InferenceScheduler scheduler, SchedulerStats stats, InferenceTransport transport, CostModel predictedFlops,
                              Supplier<String> localName, BooleanSupplier policyOn, LongSupplier clock, PlacementLog log) {
        this.scheduler = Objects.requireNonNull(scheduler, "scheduler");
        this.stats = Objects.requireNonNull(stats, "stats");
        this.transport = Objects.requireNonNull(transport, "transport");
        this.predictedFlops = Objects.requireNonNull(predictedFlops, "predictedFlops");
        this.localName = Objects.requireNonNull(localName, "localName");
        this.policyOn = Objects.requireNonNull(policyOn, "policyOn");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.log = Objects.requireNonNull(log, "log");
    }

    /** Whether searches go through the scheduler: a policy is on, or there are inference nodes. */
    @Override
    public boolean enabled() {
        return policyOn.getAsBoolean() || transport.inferenceNodes().isEmpty() == false;
    }

    @Override
    public void run(RerankPlan plan, long timeoutNanos, Cancellation cancellation, Consumer<ScheduledAnswer> answer) {
        dispatch(plan.options().model(), plan.queryText(), plan.texts(), timeoutNanos, cancellation, d -> {
            ScheduledAnswer a = d.toAnswer();
            if (a instanceof ScheduledAnswer.Rejected) {
                stats.rejectedToUser.increment();
            }
            answer.accept(a);
        });
    }

    /**
     * Runs one program here or on the inference nodes.
     *
     * @param texts    the window in first-stage order, null where a hit has no text
     * @param answered receives exactly one answer, on any thread; none once {@code cancellation} is cancelled between
     *                 two nodes (the caller has answered the search already)
     */
    public void dispatch(String model, String query, List<String> texts, long timeoutNanos, Cancellation cancellation,
                         Consumer<Dispatched> answered) {
        long deadline = clock.getAsLong() + timeoutNanos;
        List<InferenceNode> nodes = transport.inferenceNodes();
        if (nodes.isEmpty()) {
            stats.dispatchedLocal.increment();
            String here = localName.get();
            runHere(model, query, texts, timeoutNanos, cancellation, (result, rejection) -> answered.accept(rejection == null
                ? new Dispatched(result, here, false, 0, null, 0, null)
                : new Dispatched(null, here, true, rejection.retryAfterSeconds(), rejection.reason(), 0, null)));
            return;
        }
        double flops = 0;
        for (String t : texts) {
            flops += t == null ? 0 : predictedFlops.flops(model, t);
        }
        new Attempt(model, query, texts, deadline, flops, byLoad(nodes), cancellation, answered).next();
    }

    /** Least predicted wait first; equal waits rotate so idle nodes share the work. */
    List<InferenceNode> byLoad(List<InferenceNode> nodes) {
        List<InferenceNode> rotated = new ArrayList<>(nodes);
        Collections.rotate(rotated, (int) (rotation.getAndIncrement() % rotated.size()));
        rotated.sort(Comparator.comparingDouble(this::predictedWaitNanos)); // stable: ties keep the rotation
        return rotated;
    }

    private double predictedWaitNanos(InferenceNode n) {
        NodeLoad l = loads.get(n.id());
        if (l == null) {
            return 0;
        }
        double rate = l.flopsPerSecond > 0 ? l.flopsPerSecond : scheduler.capacity().nodeCapacity();
        return l.backlogNanos + l.inFlightFlops.sum() / rate * 1e9;
    }

    /** One program's way through the inference nodes: next node on failure, rejection or timeout while time is left. */
    private final class Attempt {
        final String model;
        final String query;
        final List<String> texts;
        final long deadline;
        final double flops;
        final List<InferenceNode> nodes;
        final Cancellation cancellation;
        final Consumer<Dispatched> answered;
        int index;
        int failures;
        int timeouts;
        /** the last node tried did not answer within the deadline */
        boolean lastTimedOut;
        long minRetryAfter = Long.MAX_VALUE;
        String lastRejection;

        Attempt(String model, String query, List<String> texts, long deadline, double flops, List<InferenceNode> nodes,
                Cancellation cancellation, Consumer<Dispatched> answered) {
            this.model = model;
            this.query = query;
            this.texts = texts;
            this.deadline = deadline;
            this.flops = flops;
            this.nodes = nodes;
            this.cancellation = cancellation;
            this.answered = answered;
        }

        void next() {
            long leftMillis = TimeUnit.NANOSECONDS.toMillis(deadline - clock.getAsLong()) - NETWORK_MARGIN_MILLIS;
            if (cancellation.isCancelled()) {
                return; // the caller answered already
            }
            if (index >= nodes.size() || leftMillis <= 0) {
                answered.accept(givenUp(leftMillis));
                return;
            }
            lastTimedOut = false;
            InferenceNode node = nodes.get(index++);
            if (index > 1) {
                stats.failovers.increment();
            }
            stats.dispatchedRemote.increment();
            NodeLoad load = loads.computeIfAbsent(node.id(), k -> new NodeLoad());
            load.inFlightFlops.add(flops);
            // one reply per send, even from a transport that replies and then throws
            AtomicBoolean replied = new AtomicBoolean();
            Consumer<NodeReply> once = reply -> {
                if (replied.compareAndSet(false, true)) {
                    onReply(node, load, reply);
                }
            };
            try {
                transport.send(node, new InferenceWork(model, query, texts, leftMillis), leftMillis + NETWORK_MARGIN_MILLIS, once);
            } catch (RuntimeException e) {
                once.accept(new NodeReply.Failed(e));
            }
        }

        /** No node is left to try, or no time: a 429 when every node tried rejected, otherwise why nothing ran. */
        private Dispatched givenUp(long leftMillis) {
            if (failures == 0 && timeouts == 0 && lastRejection != null) {
                return new Dispatched(null, null, true, minRetryAfter, lastRejection, 0, null);
            }
            if (leftMillis <= 0 || lastTimedOut) {
                return new Dispatched(null, null, false, 0, lastTimedOut
                    ? "no answer from inference node [" + nodes.get(index - 1).name() + "] within the deadline"
                    : "no time left to try another inference node", failures + timeouts, FallbackCause.TIMEOUT);
            }
            return new Dispatched(null, null, false, 0, "every inference node tried failed (" + failures + " failed, " + timeouts
                + " timed out)", failures + timeouts, FallbackCause.NODE_FAILURE);
        }

        private void onReply(InferenceNode node, NodeLoad load, NodeReply reply) {
            load.inFlightFlops.add(-flops);
            switch (reply) {
                case NodeReply.Answered a -> onAnswer(node, load, a.answer());
                case NodeReply.TimedOut t -> {
                    timeouts++;
                    lastTimedOut = true;
                    stats.nodeTimeouts.increment();
                    log.debug("llm_rerank: inference node [" + node.name() + "] did not answer within the deadline", t.cause());
                    next();
                }
                case NodeReply.Failed f -> {
                    failures++;
                    stats.nodeFailures.increment();
                    log.debug("llm_rerank: inference node [" + node.name() + "] failed; trying the next", f.cause());
                    next();
                }
            }
        }

        private void onAnswer(InferenceNode node, NodeLoad load, NodeAnswer r) {
            load.backlogNanos = r.backlogNanos();
            load.flopsPerSecond = r.flopsPerSecond();
            if (r.isRejected()) {
                minRetryAfter = Math.min(minRetryAfter, r.retryAfterSeconds());
                lastRejection = r.rejection();
                next();
            } else if (r.result().outcome() == JobResult.Outcome.FAILED && index < nodes.size()) {
                // e.g. the node is shutting down and gave back its queue: another node may still make it
                failures++;
                stats.nodeFailures.increment();
                next();
            } else {
                answered.accept(new Dispatched(r.result(), node.name(), false, 0, null, failures + timeouts, null));
            }
        }
    }

    /** Queues a program sent by another node in this node's scheduler; the answer carries this node's load. */
    public void serve(InferenceWork work, Consumer<NodeAnswer> answer) {
        runHere(work.model(), work.query(), work.passages(), TimeUnit.MILLISECONDS.toNanos(work.timeoutMillis()), new Cancellation(),
            (result, rejection) -> answer.accept(rejection == null
                ? new NodeAnswer(result, 0, null, scheduler.backlogNanos(), scheduler.capacity().nodeCapacity())
                : NodeAnswer.rejected(rejection.retryAfterSeconds(), rejection.reason(), scheduler.backlogNanos(),
                    scheduler.capacity().nodeCapacity())));
    }

    /** The result, or (null and) the scheduler's rejection. */
    private interface LocalAnswer {
        void accept(JobResult result, Admission.Rejected rejection);
    }

    private void runHere(String model, String query, List<String> texts, long timeoutNanos, Cancellation cancellation, LocalAnswer answer) {
        Admission a = scheduler.submit(model, query, texts, timeoutNanos, cancellation, r -> answer.accept(r, null));
        if (a instanceof Admission.Rejected rejected) {
            answer.accept(null, rejected);
        }
    }
}
