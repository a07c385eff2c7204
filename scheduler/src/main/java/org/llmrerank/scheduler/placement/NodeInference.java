package org.llmrerank.scheduler.placement;

import java.util.Objects;
import java.util.concurrent.Executor;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;
import org.llmrerank.scheduler.CapacityEstimator;
import org.llmrerank.scheduler.InferenceScheduler;
import org.llmrerank.scheduler.ModelEstimateCosts;
import org.llmrerank.scheduler.ModelLookup;
import org.llmrerank.scheduler.SchedulerConfig;
import org.llmrerank.scheduler.SchedulerPolicy;
import org.llmrerank.scheduler.SchedulerStats;

/**
 * A node's inference side, engine-neutral: its {@link InferenceScheduler} under the scheduler policy setting, the
 * start-up calibration of its capacity, and the {@link InferencePlacement} of its searches. An engine supplies the
 * settings' values, its {@link InferenceTransport} and its threads.
 */
public final class NodeInference implements AutoCloseable {

    /** The policy setting's value that leaves a node's own searches off the scheduler. */
    public static final String POLICY_OFF = "off";

    /** Until the calibration has run: a conservative guess for one CPU core's int8 throughput. */
    private static final double DEFAULT_FLOPS_PER_SECOND = 50e9;

    /**
     * The settings' values at start-up.
     *
     * @param policy           {@code off}, or a {@link SchedulerPolicy} key
     * @param cheapModel       the model a program degrades to ("" = none)
     * @param flopsPerSecond   the node's capacity; 0 = measured by the start-up calibration
     * @param calibrationModel the model the calibration times ("" = none)
     * @param workers          scheduler worker threads
     * @param queueSize        programs the scheduler queues before it rejects
     * @param inferenceNode    whether this node hosts models for the other nodes (then it calibrates whatever the policy)
     */
    public record Config(String policy, String cheapModel, double flopsPerSecond, String calibrationModel, int maxBatchPrograms,
                         int maxBatchPassages, int workers, int queueSize, boolean inferenceNode) {}

    private final SchedulerStats stats = new SchedulerStats();
    private final InferenceScheduler scheduler;
    private final InferencePlacement placement;
    private final ModelLookup models;
    private final String calibrationModel;
    private final Executor calibrationExecutor;
    private final PlacementLog log;
    private final AtomicBoolean calibrationStarted = new AtomicBoolean();
    private volatile String policy;

    /**
     * @param threads             the scheduler's worker threads
     * @param calibrationExecutor where the calibration runs (it loads and times a model)
     * @param localName           this node's name
     */
    public NodeInference(Config config, ModelLookup models, ThreadFactory threads, Executor calibrationExecutor, InferenceTransport transport,
                         Supplier<String> localName, PlacementLog log) {
        this.models = Objects.requireNonNull(models, "models");
        this.calibrationExecutor = Objects.requireNonNull(calibrationExecutor, "calibrationExecutor");
        this.log = Objects.requireNonNull(log, "log");
        this.policy = config.policy();
        // the model's own estimate once it is loaded here; the architecture at ~4 characters per token before
        ModelEstimateCosts costs = new ModelEstimateCosts(models::ifLoaded, ArchitectureFlops.INSTANCE);
        CapacityEstimator capacity = new CapacityEstimator(config.flopsPerSecond() > 0 ? config.flopsPerSecond() : DEFAULT_FLOPS_PER_SECOND);
        String cheap = config.cheapModel();
        this.scheduler = new InferenceScheduler(SchedulerConfig.defaults(schedulerPolicy(policy), config.workers(), config.queueSize(),
            cheap.isEmpty() ? null : cheap).withBatching(config.maxBatchPrograms(), config.maxBatchPassages()), System::nanoTime, capacity,
            costs, models, stats, threads);
        this.placement = new InferencePlacement(scheduler, stats, transport, ArchitectureFlops.INSTANCE, localName,
            () -> POLICY_OFF.equals(this.policy) == false, System::nanoTime, log);
        this.calibrationModel = config.flopsPerSecond() > 0 ? "" : config.calibrationModel();
        // start-up calibration where this node will run models: an inference node, or a policy switched on
        if (config.inferenceNode() || POLICY_OFF.equals(policy) == false) {
            maybeCalibrate();
        }
    }

    /** The scheduler policy a setting's value runs: {@code off} keeps FIFO for the programs inference nodes receive. */
    public static SchedulerPolicy schedulerPolicy(String setting) {
        return POLICY_OFF.equals(setting) ? SchedulerPolicy.FIFO : SchedulerPolicy.fromKey(setting);
    }

    /** Checks a policy setting's value; throws {@link IllegalArgumentException} naming the valid ones. */
    public static void validatePolicy(String setting) {
        if (POLICY_OFF.equals(setting) == false) {
            SchedulerPolicy.fromKey(setting);
        }
    }

    /** Applies a new value of the policy setting; switching a policy on starts the calibration if it has not run. */
    public void setPolicy(String value) {
        policy = value;
        scheduler.setPolicy(schedulerPolicy(value));
        if (POLICY_OFF.equals(value) == false) {
            maybeCalibrate();
        }
    }

    private void maybeCalibrate() {
        if (calibrationModel.isEmpty() == false && calibrationStarted.compareAndSet(false, true)) {
            calibrationExecutor.execute(() -> StartupCalibration.calibrate(models, calibrationModel, scheduler.capacity(), System::nanoTime, log));
        }
    }

    public InferencePlacement placement() {
        return placement;
    }

    public InferenceScheduler scheduler() {
        return scheduler;
    }

    public SchedulerStats stats() {
        return stats;
    }

    @Override
    public void close() {
        scheduler.close();
    }
}
