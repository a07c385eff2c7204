package org.llmrerank.scheduler;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.llmrerank.rescorer.PointwiseGroup;
import org.llmrerank.rescorer.PointwiseScores;
import org.llmrerank.rescorer.RerankModel;
import org.llmrerank.routing.Cancellation;

/**
 * What one worker runs: the active programs of one model, each model call holding the next step of every one of them
 * (continuous batching across searches). Programs join at step boundaries, from the queue in the policy's order, while
 * the call stays within {@code maxBatchPrograms} and {@code maxBatchPassages} and is predicted to meet every member's
 * deadline; they leave when they finish (certain, complete, degraded, failed, cancelled). Gang scheduling holds: a
 * program is in every call from its first step to its last, so its steps run back to back.
 *
 * <p>Each program decides as it would alone ({@link ProgramRun}); what batching changes is the deadline check, which
 * predicts the whole call's FLOPs, and cancellation: one member's cancellation drops only its group (its scores from a
 * call it shared are discarded, as a cancelled solo call returns none); the call itself is stopped only when every
 * member is cancelled. A call that fails leaves each member to fall back as a solo call's failure would.
 *
 * <p>With one member the call is exactly the solo call ({@code scorePointwise} under the program's own
 * cancellation), so {@code maxBatchPrograms = 1}, FIFO and models that do not batch run each program's calls alone.
 */
final class ContinuousBatch {

    private final InferenceScheduler owner;
    private final Object slot;
    private final String modelName;
    private final RerankModel model;
    private final boolean batching;
    private final List<ProgramRun> active = new ArrayList<>();

    /** @param batching whether programs may join (policy, knob and model allow it) */
    ContinuousBatch(InferenceScheduler owner, Object slot, String modelName, RerankModel model, boolean batching, ProgramRun lead) {
        this.owner = owner;
        this.slot = slot;
        this.modelName = modelName;
        this.model = model;
        this.batching = batching;
        active.add(lead);
    }

    /** The scheduler's key for this worker's predicted remaining work. */
    Object slot() {
        return slot;
    }

    String modelName() {
        return modelName;
    }

    /** Runs until every program it admitted has finished (and was delivered). */
    void run() {
        try {
            loop();
        } catch (RuntimeException | Error e) {
            // a bug or a VM error mid-batch: no program it admitted may be left without an answer
            for (ProgramRun p : active) {
                if (p.done() == false) {
                    p.failed(String.valueOf(e), false);
                }
                owner.finish(p);
            }
            active.clear();
            throw e;
        }
    }

    private void loop() {
        while (active.isEmpty() == false) {
            dropCancelled();
            if (active.isEmpty()) {
                break;
            }
            if (batching) {
                join();
            }
            List<ProgramRun> members = new ArrayList<>();
            for (ProgramRun p : active) {
                if (p.hasCall()) {
                    members.add(p);
                }
            }
            if (members.isEmpty() == false) {
                call(members);
            }
            advance();
            owner.onBoundary(this, remainingFlops());
        }
    }

    /** A program cancelled between calls (its caller gave up, or its deadline passed) leaves before the next call. */
    private void dropCancelled() {
        for (Iterator<ProgramRun> it = active.iterator(); it.hasNext(); ) {
            ProgramRun p = it.next();
            if (p.job.cancellation.isCancelled()) {
                p.failed("cancelled before its next step", true);
                it.remove();
                owner.finish(p);
            }
        }
    }

    private void join() {
        double callFlops = 0;
        int passages = 0;
        long earliest = Long.MAX_VALUE;
        for (ProgramRun p : active) {
            callFlops += p.stepFlops();
            passages += p.stepPassages();
            earliest = Math.min(earliest, p.job.deadlineNanos);
        }
        active.addAll(owner.joiners(this, active.size(), callFlops, passages, earliest));
    }

    private void call(List<ProgramRun> members) {
        double predicted = 0;
        for (ProgramRun p : members) {
            predicted += p.stepFlops();
        }
        owner.stats().modelCalls.increment();
        owner.stats().modelCallPrograms.add(members.size());
        long t0 = owner.now();
        List<PointwiseScores> out;
        Cancellation callCancel = members.size() == 1 ? members.get(0).job.cancellation : new Cancellation();
        List<Cancellation.Registration> links = new ArrayList<>();
        try {
            if (members.size() == 1) {
                ProgramRun p = members.get(0);
                out = List.of(model.scorePointwise(p.job.query, p.stepTexts(), callCancel));
            } else {
                linkAllCancelled(members, callCancel, links);
                List<PointwiseGroup> groups = new ArrayList<>(members.size());
                members.forEach(p -> groups.add(p.group()));
                out = model.scorePointwiseGroups(groups, callCancel);
                if (out.size() != members.size()) {
                    throw new IllegalStateException("model [" + modelName + "] returned " + out.size() + " groups for " + members.size());
                }
            }
        } catch (Exception e) {
            String error = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
            for (ProgramRun p : members) {
                p.failed(error, p.job.cancellation.isCancelled());
            }
            return;
        } finally {
            links.forEach(Cancellation.Registration::close);
        }
        long took = owner.now() - t0;
        owner.capacity().observe(modelName, predicted, took); // a batched call's FLOPs: what the next predictions scale with
        for (int i = 0; i < members.size(); i++) {
            ProgramRun p = members.get(i);
            if (members.size() > 1 && p.job.cancellation.isCancelled()) {
                // its deadline or its caller stopped it during a call it shared: like a cancelled solo call, no scores
                p.failed("cancelled during the model call", true);
                continue;
            }
            try {
                p.accept(out.get(i), took);
            } catch (IllegalStateException e) {
                p.failed(e.getMessage(), false);
            }
        }
    }

    /** The shared call stops only once every member is cancelled: nobody wants its result then. */
    private static void linkAllCancelled(List<ProgramRun> members, Cancellation call, List<Cancellation.Registration> links) {
        java.util.concurrent.atomic.AtomicInteger live = new java.util.concurrent.atomic.AtomicInteger(members.size());
        for (ProgramRun p : members) {
            links.add(p.job.cancellation.onCancel(() -> {
                if (live.decrementAndGet() == 0) {
                    call.cancel();
                }
            }));
        }
    }

    /**
     * Every member takes its step's result into account; those that go on are checked against their deadline with
     * the FLOPs of the whole next call (members that cannot make it stop, which shrinks the call, until all fit).
     */
    private void advance() {
        List<ProgramRun> going = new ArrayList<>();
        for (Iterator<ProgramRun> it = active.iterator(); it.hasNext(); ) {
            ProgramRun p = it.next();
            if (p.done() || p.finishStep()) {
                it.remove();
                owner.finish(p);
            } else {
                going.add(p);
            }
        }
        // one at a time: a member stopped makes the call smaller, which may let the others fit
        for (ProgramRun late = lateMember(going); late != null; late = lateMember(going)) {
            late.stopForDeadline();
            going.remove(late);
            active.remove(late);
            owner.finish(late);
        }
        going.forEach(ProgramRun::proceed);
    }

    /** The member with the earliest deadline among those the next call (all of {@code going}) would make late; null if none. */
    private ProgramRun lateMember(List<ProgramRun> going) {
        double callFlops = 0;
        for (ProgramRun p : going) {
            callFlops += p.nextStepFlops();
        }
        long now = owner.now();
        ProgramRun late = null;
        for (ProgramRun p : going) {
            if (owner.fits(modelName, callFlops, p.job.deadlineNanos - now) == false
                && (late == null || p.job.deadlineNanos < late.job.deadlineNanos)) {
                late = p;
            }
        }
        return late;
    }

    private double remainingFlops() {
        double f = 0;
        for (ProgramRun p : active) {
            f += p.remainingFlops();
        }
        return f;
    }
}
