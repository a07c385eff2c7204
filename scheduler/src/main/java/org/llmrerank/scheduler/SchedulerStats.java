package org.llmrerank.scheduler;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;

/**
 * Counters of the inference scheduler and of dispatch to inference nodes. Sums only, so node snapshots merge by
 * addition (the stats API's cluster section).
 */
public final class SchedulerStats {

    public final LongAdder submitted = new LongAdder();
    public final LongAdder rejected = new LongAdder();
    public final LongAdder degradedAtAdmission = new LongAdder();
    public final LongAdder fairnessEscalations = new LongAdder();
    public final LongAdder queueNanos = new LongAdder();
    public final LongAdder started = new LongAdder();
    /** model calls the workers made, and the programs those calls held (their ratio: programs per call) */
    public final LongAdder modelCalls = new LongAdder();
    public final LongAdder modelCallPrograms = new LongAdder();
    private final Map<JobResult.Outcome, LongAdder> outcomes = new java.util.EnumMap<>(JobResult.Outcome.class);
    /** coordinator side */
    public final LongAdder dispatchedLocal = new LongAdder();
    public final LongAdder dispatchedRemote = new LongAdder();
    public final LongAdder nodeFailures = new LongAdder();
    /** inference nodes that did not answer before the deadline: a deadline miss, not a failed node */
    public final LongAdder nodeTimeouts = new LongAdder();
    public final LongAdder failovers = new LongAdder();
    public final LongAdder malformedRequests = new LongAdder();
    public final LongAdder rejectedToUser = new LongAdder();

    public SchedulerStats() {
        for (JobResult.Outcome o : JobResult.Outcome.values()) {
            outcomes.put(o, new LongAdder());
        }
    }

    public void onOutcome(JobResult.Outcome o) {
        outcomes.get(o).increment();
    }

    public long outcome(JobResult.Outcome o) {
        return outcomes.get(o).sum();
    }

    public Map<String, Object> snapshot() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("submitted", submitted.sum());
        m.put("started", started.sum());
        m.put("rejected", rejected.sum());
        m.put("degraded_at_admission", degradedAtAdmission.sum());
        m.put("fairness_escalations", fairnessEscalations.sum());
        m.put("queue_wait_ms_sum", queueNanos.sum() / 1_000_000L);
        m.put("model_calls", modelCalls.sum());
        m.put("model_call_programs", modelCallPrograms.sum());
        Map<String, Object> out = new LinkedHashMap<>();
        outcomes.forEach((k, v) -> out.put(k.name().toLowerCase(java.util.Locale.ROOT), v.sum()));
        m.put("outcomes", out);
        m.put("dispatched_local", dispatchedLocal.sum());
        m.put("dispatched_remote", dispatchedRemote.sum());
        m.put("inference_node_failures", nodeFailures.sum());
        m.put("inference_node_timeouts", nodeTimeouts.sum());
        m.put("failovers", failovers.sum());
        m.put("malformed_requests", malformedRequests.sum());
        m.put("rejected_429", rejectedToUser.sum());
        return m;
    }

    public void reset() {
        for (LongAdder a : new LongAdder[] {submitted, rejected, degradedAtAdmission, fairnessEscalations, queueNanos, started, modelCalls, modelCallPrograms,
            dispatchedLocal, dispatchedRemote, nodeFailures, nodeTimeouts, failovers, malformedRequests, rejectedToUser}) {
            a.reset();
        }
        outcomes.values().forEach(LongAdder::reset);
    }
}
