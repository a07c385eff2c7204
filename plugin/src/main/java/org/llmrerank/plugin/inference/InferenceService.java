package org.llmrerank.plugin.inference;

import java.io.Closeable;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import org.llmrerank.estimator.FlopsEstimator;
import org.llmrerank.rescorer.ModelException;
import org.llmrerank.rescorer.PointwiseScores;
import org.llmrerank.rescorer.RerankModel;
import org.llmrerank.routing.BundledModel;
import org.llmrerank.routing.Cancellation;
import org.llmrerank.rescorer.pipeline.RerankPlan;
import org.llmrerank.rescorer.pipeline.ScheduledAnswer;
import org.llmrerank.rescorer.pipeline.ScheduledRoute;
import org.llmrerank.scheduler.Admission;
import org.llmrerank.scheduler.NodeSchedulerRoute;
import org.llmrerank.scheduler.ScheduledAnswers;
import org.llmrerank.scheduler.CapacityEstimator;
import org.llmrerank.scheduler.CostModel;
import org.llmrerank.scheduler.InferenceScheduler;
import org.llmrerank.scheduler.JobResult;
import org.llmrerank.scheduler.ModelEstimateCosts;
import org.llmrerank.scheduler.ModelLookup;
import org.llmrerank.rescorer.pipeline.FallbackCause;
import org.llmrerank.scheduler.SchedulerConfig;
import org.llmrerank.scheduler.SchedulerPolicy;
import org.llmrerank.scheduler.SchedulerStats;
import org.opensearch.cluster.node.DiscoveryNode;
import org.opensearch.cluster.service.ClusterService;
import org.opensearch.common.settings.Settings;
import org.opensearch.common.unit.TimeValue;
import org.opensearch.common.util.concurrent.OpenSearchExecutors;
import org.opensearch.core.action.ActionListener;
import org.opensearch.core.common.io.stream.StreamInput;
import org.opensearch.threadpool.ThreadPool;
import org.opensearch.transport.ReceiveTimeoutTransportException;
import org.opensearch.transport.TransportException;
import org.opensearch.transport.TransportRequestOptions;
import org.opensearch.transport.TransportResponseHandler;
import org.opensearch.transport.TransportService;

/**
 * Inference placement and this node's scheduler.
 *
 * <p>Coordinator side ({@link #dispatch}): inference nodes are the nodes with the {@code ml} role or with the attribute
 * named by {@link InferenceSettings#NODE_ATTRIBUTE}; with none, the program runs in this node's scheduler. Otherwise the
 * window goes to the least loaded inference node (predicted wait = its last reported backlog plus the FLOPs this node
 * has in flight there, over its capacity; ties by a rotating offset), over a transport action. A node that fails
 * (disconnects, is killed, errors), rejects or does not answer in time is skipped and the next one tried with the time
 * left; when none is left the caller keeps first-stage order, with the cause {@link Dispatched#cause} names, or answers
 * 429 (every node rejected). A node that does not answer before the deadline is a deadline miss ({@code timeout}): under
 * overload a healthy node is slow, not broken, so it is neither counted nor reported as failed. Nothing here blocks a
 * thread.
 *
 * <p>Inference node side ({@link #serve}): the program is queued in the {@link InferenceScheduler}; its result (or the
 * rejection with a retry-after estimate) goes back with the node's backlog and FLOP/s.
 */
public final class InferenceService implements Closeable, ScheduledRoute {

    private static final Logger logger = LogManager.getLogger(InferenceService.class);
    /** Time kept back for the way home when a window is sent to another node. */
    private static final long NETWORK_MARGIN_MILLIS = 50;

    /**
     * What the coordinator gets for one program.
     *
     * @param cause why nothing ran when {@code result} is null and the program was not rejected: {@code TIMEOUT} (the
     *              deadline ran out, or the last node tried did not answer within it) or {@code NODE_FAILURE} (every
     *              node tried failed); null otherwise
     */
    public record Dispatched(JobResult result, String node, boolean rejected, long retryAfterSeconds, String reason, int failovers,
                             FallbackCause cause) {}

    private final ClusterService clusterService;
    private final ThreadPool threadPool;
    private final SchedulerStats stats = new SchedulerStats();
    private final InferenceScheduler scheduler;
    private final Map<String, NodeLoad> loads = new ConcurrentHashMap<>();
    private final AtomicLong rotation = new AtomicLong();
    private final CostModel costs;
    private volatile TransportService transportService;
    private volatile String attribute;
    private volatile String policy;

    private static final class NodeLoad {
        volatile long backlogNanos;
        volatile double flopsPerSecond;
        final java.util.concurrent.atomic.DoubleAdder inFlightFlops = new java.util.concurrent.atomic.DoubleAdder();
    }

    public InferenceService(Settings settings, ClusterService clusterService, ThreadPool threadPool, ModelLookup models, int workers,
                            int queueSize) {
        this.clusterService = clusterService;
        this.threadPool = threadPool;
        // the model's own estimate once it is loaded here; the architecture at ~4 characters per token before
        this.costs = new ModelEstimateCosts(models::ifLoaded, InferenceService::predictFlops);
        this.attribute = InferenceSettings.NODE_ATTRIBUTE.get(settings);
        this.policy = InferenceSettings.POLICY.get(settings);
        clusterService.getClusterSettings().addSettingsUpdateConsumer(InferenceSettings.NODE_ATTRIBUTE, v -> attribute = v);
        clusterService.getClusterSettings().addSettingsUpdateConsumer(InferenceSettings.POLICY, this::setPolicy);
        String cheap = InferenceSettings.CHEAP_MODEL.get(settings);
        double configured = InferenceSettings.FLOPS_PER_SECOND.get(settings);
        // until the calibration has run: a conservative guess for one CPU core's int8 throughput
        CapacityEstimator capacity = new CapacityEstimator(configured > 0 ? configured : 50e9);
        this.scheduler = new InferenceScheduler(SchedulerConfig.defaults(schedulerPolicy(policy), workers, queueSize,
            cheap.isEmpty() ? null : cheap).withBatching(InferenceSettings.MAX_BATCH_PROGRAMS.get(settings),
            InferenceSettings.MAX_BATCH_PASSAGES.get(settings)), System::nanoTime, capacity, costs, models, stats,
            OpenSearchExecutors.daemonThreadFactory(settings, "llm_rerank_scheduler"));
        clusterService.getClusterSettings().addSettingsUpdateConsumer(InferenceSettings.MAX_BATCH_PROGRAMS,
            InferenceSettings.MAX_BATCH_PASSAGES, (programs, passages) -> scheduler.setBatching(programs, passages));
        this.models = models;
        this.calibrationModel = configured > 0 ? "" : InferenceSettings.CALIBRATION_MODEL.get(settings);
        // start-up calibration where this node will run models: an inference node, or a policy switched on
        String attr = attribute;
        boolean inferenceNode = settings.getAsList("node.roles").contains(InferenceSettings.ML_ROLE)
            || (attr.isEmpty() == false && "true".equals(settings.get("node.attr." + attr)));
        if (inferenceNode || "off".equals(policy) == false) {
            maybeCalibrate();
        }
    }

    private final ModelLookup models;
    private final String calibrationModel;
    private final java.util.concurrent.atomic.AtomicBoolean calibrationStarted = new java.util.concurrent.atomic.AtomicBoolean();

    private void maybeCalibrate() {
        if (calibrationModel.isEmpty() == false && calibrationStarted.compareAndSet(false, true)) {
            threadPool.generic().execute(() -> calibrate(models, calibrationModel, scheduler.capacity()));
        }
    }

    private static SchedulerPolicy schedulerPolicy(String setting) {
        return "off".equals(setting) ? SchedulerPolicy.FIFO : SchedulerPolicy.fromKey(setting);
    }

    private void setPolicy(String v) {
        policy = v;
        scheduler.setPolicy(schedulerPolicy(v));
        if ("off".equals(v) == false) {
            maybeCalibrate();
        }
    }

    /**
     * Start-up calibration: times the model on a short synthetic window and sets the node's FLOP/s from the estimated
     * FLOPs of what ran. Loads the model (it is needed for the first search anyway).
     */
    static void calibrate(ModelLookup models, String modelName, CapacityEstimator capacity) {
        try {
            RerankModel m = models.get(modelName);
            List<String> passages = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                passages.add("calibration passage " + i + " about the throughput of this node when it reranks search results with a model");
            }
            m.scorePointwise("warm up", passages.subList(0, 1));
            long t0 = System.nanoTime();
            PointwiseScores s = m.scorePointwise("how fast is this node", passages);
            long nanos = System.nanoTime() - t0;
            if (s.estimatedFlops() > 0 && nanos > 0) {
                capacity.setNodeCapacity(s.estimatedFlops() / (nanos / 1e9));
                logger.info("llm_rerank: calibrated inference capacity {} GFLOP/s with [{}]", String.format(java.util.Locale.ROOT, "%.1f",
                    capacity.nodeCapacity() / 1e9), modelName);
            }
        } catch (ModelException | RuntimeException e) {
            logger.warn("llm_rerank: start-up calibration with [" + modelName + "] failed; capacity will be learnt from the first calls", e);
        }
    }

    /**
     * Predicted FLOPs of one pass before the model is loaded on this node: the model's architecture at an approximate
     * token count (about 4 characters per token).
     */
    static double predictFlops(String model, String text) {
        int tokens = (int) Math.min(512, 2 + Math.ceil(text.length() / 4.0));
        return BundledModel.byName(model).map(b -> FlopsEstimator.encoderOnly(b.architecture(), tokens))
            .orElse(2 * 33e6 * tokens);
    }

    public void setTransportService(TransportService transportService) {
        this.transportService = transportService;
    }

    public SchedulerStats stats() {
        return stats;
    }

    public InferenceScheduler scheduler() {
        return scheduler;
    }

    /** Whether searches go through the scheduler: a policy is on, or there are inference nodes. */
    @Override
    public boolean enabled() {
        return "off".equals(policy) == false || inferenceNodes().isEmpty() == false;
    }

    public boolean isInferenceNode(DiscoveryNode n) {
        String a = attribute;
        if (n.getRoles().stream().anyMatch(r -> InferenceSettings.ML_ROLE.equals(r.roleName()))) {
            return true;
        }
        return a.isEmpty() == false && "true".equals(n.getAttributes().get(a));
    }

    public List<DiscoveryNode> inferenceNodes() {
        List<DiscoveryNode> out = new ArrayList<>();
        for (DiscoveryNode n : clusterService.state().nodes()) {
            if (isInferenceNode(n)) {
                out.add(n);
            }
        }
        return out;
    }

    // ---- coordinator side ----

    @Override
    public void run(RerankPlan plan, long timeoutNanos, Cancellation cancellation, java.util.function.Consumer<ScheduledAnswer> answer) {
        java.util.function.Consumer<ScheduledAnswer> counted = a -> {
            if (a instanceof ScheduledAnswer.Rejected) {
                stats.rejectedToUser.increment();
            }
            answer.accept(a);
        };
        if (inferenceNodes().isEmpty() || transportService == null) {
            stats.dispatchedLocal.increment();
            new NodeSchedulerRoute(scheduler, localName(), this::enabled).run(plan, timeoutNanos, cancellation, counted);
            return;
        }
        dispatch(plan.options().model(), plan.queryText(), plan.texts(), TimeValue.timeValueNanos(timeoutNanos), cancellation,
            ActionListener.wrap(d -> counted.accept(answerOf(d)),
                e -> counted.accept(new ScheduledAnswer.NotScored(FallbackCause.MODEL_ERROR, String.valueOf(e)))));
    }

    private ScheduledAnswer answerOf(Dispatched d) {
        if (d.rejected()) {
            return new ScheduledAnswer.Rejected(d.retryAfterSeconds(), d.reason());
        }
        if (d.result() == null) {
            return new ScheduledAnswer.NotScored(d.cause() != null ? d.cause() : FallbackCause.MODEL_ERROR, "scheduler: " + d.reason());
        }
        return ScheduledAnswers.of(d.result(), d.node(), d.failovers());
    }

    public void dispatch(String model, String query, List<String> texts, TimeValue timeout, Cancellation cancellation,
                         ActionListener<Dispatched> listener) {
        long deadline = System.nanoTime() + timeout.nanos();
        List<DiscoveryNode> nodes = inferenceNodes();
        if (nodes.isEmpty() || transportService == null) {
            stats.dispatchedLocal.increment();
            runHere(model, query, texts, timeout.nanos(), cancellation, ActionListener.wrap(
                r -> listener.onResponse(r.rejected()
                    ? new Dispatched(null, localName(), true, r.retryAfterSeconds(), r.rejection(), 0, null)
                    : new Dispatched(r.result(), localName(), false, 0, null, 0, null)),
                listener::onFailure));
            return;
        }
        double flops = 0;
        for (String t : texts) {
            flops += t == null ? 0 : predictFlops(model, t);
        }
        List<DiscoveryNode> ordered = byLoad(nodes);
        new Attempt(model, query, texts, deadline, flops, ordered, cancellation, listener).next();
    }

    private String localName() {
        return clusterService.localNode().getName();
    }

    /** Least predicted wait first; equal waits rotate so idle nodes share the work. */
    private List<DiscoveryNode> byLoad(List<DiscoveryNode> nodes) {
        List<DiscoveryNode> rotated = new ArrayList<>(nodes);
        java.util.Collections.rotate(rotated, (int) (rotation.getAndIncrement() % rotated.size()));
        rotated.sort(Comparator.comparingDouble(this::predictedWaitNanos)); // stable: ties keep the rotation
        return rotated;
    }

    private double predictedWaitNanos(DiscoveryNode n) {
        NodeLoad l = loads.get(n.getId());
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
        final List<DiscoveryNode> nodes;
        final Cancellation cancellation;
        final ActionListener<Dispatched> listener;
        int index;
        int failures;
        int timeouts;
        /** the last node tried did not answer within the deadline */
        boolean lastTimedOut;
        long minRetryAfter = Long.MAX_VALUE;
        String lastRejection;

        Attempt(String model, String query, List<String> texts, long deadline, double flops, List<DiscoveryNode> nodes,
                Cancellation cancellation, ActionListener<Dispatched> listener) {
            this.model = model;
            this.query = query;
            this.texts = texts;
            this.deadline = deadline;
            this.flops = flops;
            this.nodes = nodes;
            this.cancellation = cancellation;
            this.listener = listener;
        }

        void next() {
            long leftMillis = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime()) - NETWORK_MARGIN_MILLIS;
            if (cancellation.isCancelled()) {
                return; // the caller answered already
            }
            if (index >= nodes.size() || leftMillis <= 0) {
                if (failures == 0 && timeouts == 0 && lastRejection != null) {
                    listener.onResponse(new Dispatched(null, null, true, minRetryAfter, lastRejection, 0, null));
                } else if (leftMillis <= 0 || lastTimedOut) {
                    listener.onResponse(new Dispatched(null, null, false, 0, lastTimedOut
                        ? "no answer from inference node [" + nodes.get(index - 1).getName() + "] within the deadline"
                        : "no time left to try another inference node", failures + timeouts, FallbackCause.TIMEOUT));
                } else {
                    listener.onResponse(new Dispatched(null, null, false, 0, "every inference node tried failed (" + failures
                        + " failed, " + timeouts + " timed out)", failures + timeouts, FallbackCause.NODE_FAILURE));
                }
                return;
            }
            lastTimedOut = false;
            DiscoveryNode node = nodes.get(index++);
            if (index > 1) {
                stats.failovers.increment();
            }
            stats.dispatchedRemote.increment();
            NodeLoad load = loads.computeIfAbsent(node.getId(), k -> new NodeLoad());
            load.inFlightFlops.add(flops);
            transportService.sendRequest(node, InferenceAction.NAME, new InferenceRequest(model, query, texts, leftMillis),
                TransportRequestOptions.builder().withTimeout(TimeValue.timeValueMillis(leftMillis + NETWORK_MARGIN_MILLIS)).build(),
                new TransportResponseHandler<InferenceResponse>() {
                    @Override
                    public InferenceResponse read(StreamInput in) throws java.io.IOException {
                        return new InferenceResponse(in);
                    }

                    @Override
                    public void handleResponse(InferenceResponse r) {
                        load.inFlightFlops.add(-flops);
                        load.backlogNanos = r.backlogNanos();
                        load.flopsPerSecond = r.flopsPerSecond();
                        if (r.rejected()) {
                            minRetryAfter = Math.min(minRetryAfter, r.retryAfterSeconds());
                            lastRejection = r.rejection();
                            next();
                        } else if (r.result().outcome() == JobResult.Outcome.FAILED && index < nodes.size()) {
                            // e.g. the node is shutting down and gave back its queue: another node may still make it
                            failures++;
                            stats.nodeFailures.increment();
                            next();
                        } else {
                            listener.onResponse(new Dispatched(r.result(), node.getName(), false, 0, null, failures + timeouts, null));
                        }
                    }

                    @Override
                    public void handleException(TransportException e) {
                        load.inFlightFlops.add(-flops);
                        if (e instanceof ReceiveTimeoutTransportException) {
                            // the node is alive but did not answer in time (typically overloaded): a deadline miss
                            timeouts++;
                            lastTimedOut = true;
                            stats.nodeTimeouts.increment();
                            logger.debug(() -> "llm_rerank: inference node [" + node.getName() + "] did not answer within the deadline", e);
                        } else {
                            failures++;
                            stats.nodeFailures.increment();
                            logger.debug(() -> "llm_rerank: inference node [" + node.getName() + "] failed; trying the next", e);
                        }
                        next();
                    }

                    @Override
                    public String executor() {
                        return ThreadPool.Names.GENERIC;
                    }
                });
        }
    }

    // ---- inference node side ----

    /** Result of running a program on this node. */
    record Local(JobResult result, boolean rejected, long retryAfterSeconds, String rejection) {}

    private void runHere(String model, String query, List<String> texts, long timeoutNanos, Cancellation cancellation,
                         ActionListener<Local> listener) {
        Admission a = scheduler.submit(model, query, texts, timeoutNanos, cancellation,
            r -> listener.onResponse(new Local(r, false, 0, null)));
        if (a instanceof Admission.Rejected rej) {
            listener.onResponse(new Local(null, true, rej.retryAfterSeconds(), rej.reason()));
        }
    }

    void serve(InferenceRequest request, ActionListener<InferenceResponse> listener) {
        runHere(request.model(), request.query(), request.passages(), TimeUnit.MILLISECONDS.toNanos(request.timeoutMillis()),
            new Cancellation(), ActionListener.wrap(
                l -> listener.onResponse(new InferenceResponse(l.result(), l.retryAfterSeconds(), l.rejection(), scheduler.backlogNanos(),
                    scheduler.capacity().nodeCapacity())),
                listener::onFailure));
    }

    @Override
    public void close() {
        scheduler.close();
    }
}
