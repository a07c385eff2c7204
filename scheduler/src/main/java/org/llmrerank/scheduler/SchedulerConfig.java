package org.llmrerank.scheduler;

/**
 * Knobs of an inference node's scheduler.
 *
 * @param policy         ordering and sizing policy
 * @param workers        programs executing at once (each one model call at a time)
 * @param maxQueued      bound on waiting programs; a full queue rejects (memory is bounded by this times the window)
 * @param fairnessLimit  finish-time-fairness guard: a program that has waited more than this many times its own predicted
 *                       service time is served next, whatever its size (Dynasor's starvation prevention)
 * @param safetyFactor   predicted times are multiplied by this before comparing them with a deadline
 * @param minDepth       passages judged before the first certainty check (the "detect point")
 * @param chunk          passages added per further step
 * @param stableSteps    certaindex: stop once the top-k set was unchanged by this many consecutive steps
 * @param topK           the boundary the certainty is about
 * @param cheapModel     model used when the requested one cannot make the deadline; null = none
 * @param relaxUnderLoad when the work queued exceeds a program's deadline, stop it after one stable step (marked
 *                       degraded). Off by default: on DL19 it costs NDCG@10 (0.6884 vs 0.6935 offline), and NDCG was
 *                       the binding constraint of the load test
 * @param maxBatchPrograms continuous batching: a worker's model call holds the next step of up to this many programs
 *                       of one model (1 = each program's steps alone). Only under {@code CERTAINDEX} and
 *                       only for models that batch across groups ({@code RerankModel.batchesAcrossGroups})
 * @param maxBatchPassages programs join a call only while its passages stay within this bound (a program alone may
 *                       exceed it: its first step is never split)
 */
public record SchedulerConfig(SchedulerPolicy policy, int workers, int maxQueued, double fairnessLimit, double safetyFactor,
                              int minDepth, int chunk, int stableSteps, int topK, String cheapModel, boolean relaxUnderLoad,
                              int maxBatchPrograms, int maxBatchPassages) {

    /** Passages per batched call unless told otherwise: 8 programs' detect-point steps of 30 fit. */
    public static final int DEFAULT_MAX_BATCH_PASSAGES = 256;

    public SchedulerConfig(SchedulerPolicy policy, int workers, int maxQueued, double fairnessLimit, double safetyFactor,
                           int minDepth, int chunk, int stableSteps, int topK, String cheapModel) {
        this(policy, workers, maxQueued, fairnessLimit, safetyFactor, minDepth, chunk, stableSteps, topK, cheapModel, false);
    }

    public SchedulerConfig(SchedulerPolicy policy, int workers, int maxQueued, double fairnessLimit, double safetyFactor,
                           int minDepth, int chunk, int stableSteps, int topK, String cheapModel, boolean relaxUnderLoad) {
        this(policy, workers, maxQueued, fairnessLimit, safetyFactor, minDepth, chunk, stableSteps, topK, cheapModel, relaxUnderLoad,
            1, DEFAULT_MAX_BATCH_PASSAGES);
    }

    public SchedulerConfig {
        if (workers < 0) {
            throw new IllegalArgumentException("workers must be >= 0 (0 = driven by the caller), got " + workers);
        }
        if (maxQueued < 1) {
            throw new IllegalArgumentException("maxQueued must be positive, got " + maxQueued);
        }
        if (!(fairnessLimit > 0)) {
            throw new IllegalArgumentException("fairnessLimit must be positive, got " + fairnessLimit);
        }
        if (!(safetyFactor >= 1)) {
            throw new IllegalArgumentException("safetyFactor must be >= 1, got " + safetyFactor);
        }
        if (minDepth < 1 || chunk < 1 || stableSteps < 1 || topK < 1) {
            throw new IllegalArgumentException("minDepth, chunk, stableSteps and topK must be positive");
        }
        if (maxBatchPrograms < 1) {
            throw new IllegalArgumentException("maxBatchPrograms must be >= 1 (1 = no batching across searches), got " + maxBatchPrograms);
        }
        if (maxBatchPassages < 1) {
            throw new IllegalArgumentException("maxBatchPassages must be >= 1, got " + maxBatchPassages);
        }
    }

    public SchedulerConfig withPolicy(SchedulerPolicy p) {
        return new SchedulerConfig(p, workers, maxQueued, fairnessLimit, safetyFactor, minDepth, chunk, stableSteps, topK, cheapModel,
            relaxUnderLoad, maxBatchPrograms, maxBatchPassages);
    }

    public SchedulerConfig withBatching(int programs, int passages) {
        return new SchedulerConfig(policy, workers, maxQueued, fairnessLimit, safetyFactor, minDepth, chunk, stableSteps, topK, cheapModel,
            relaxUnderLoad, programs, passages);
    }

    /** Calibrated on DL19 with bge-small (see the scheduler notes): detect at 30, steps of 10, 2 stable steps, top-10. */
    public static SchedulerConfig defaults(SchedulerPolicy policy, int workers, int maxQueued, String cheapModel) {
        return new SchedulerConfig(policy, workers, maxQueued, 4.0, 1.25, 30, 10, 2, 10, cheapModel);
    }
}
