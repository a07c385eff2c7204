package org.llmrerank.scheduler;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.llmrerank.routing.Cancellation;

/**
 * The scheduler's deciding parts on their own, with explicit times and no threads: every text costs 1 GFLOP with "big"
 * and 0.5 with "cheap", and the node does 1 GFLOP/s, so a text is a second of "big".
 */
class SchedulerPartsTest {

    private static final long S = 1_000_000_000L;
    private static final long T0 = 1_000 * S;
    private final CapacityEstimator capacity = new CapacityEstimator(1e9);
    private final CostModel costs = (model, text) -> model.equals("cheap") ? 0.5e9 : 1e9;
    private final ProgramCosts programCosts = new ProgramCosts(costs);
    private long ids;

    private static SchedulerConfig config(SchedulerPolicy policy) {
        return SchedulerConfig.defaults(policy, 1, 3, "cheap");
    }

    /** A program of {@code n} passages arrived at {@code arrival} with {@code timeoutSeconds} to go. */
    private RerankJob job(int n, long arrival, long timeoutSeconds) {
        List<String> texts = new ArrayList<>(Collections.nCopies(n, "text"));
        return programCosts.job(++ids, "big", "q", texts, arrival, timeoutSeconds * S, new Cancellation(), r -> {}, SchedulerPolicy.FIFO);
    }

    @Test
    void expectedCostIsTheHistoricalMeanShareOfTheWindowUnderCertaindex() {
        List<String> texts = new ArrayList<>(List.of("a", "b", "c", "d"));
        texts.set(1, null);
        RerankJob fifo = programCosts.job(1, "big", "q", texts, T0, S, new Cancellation(), r -> {}, SchedulerPolicy.FIFO);
        assertEquals(1e9 + 3e9, fifo.expectedFlops, "the query pass and the three passages with text");
        assertEquals("", fifo.texts.get(1), "no text is kept as empty text");
        assertEquals(0, fifo.passageFlops[1]);
        RerankJob certaindex = programCosts.job(2, "big", "q", texts, T0, S, new Cancellation(), r -> {}, SchedulerPolicy.CERTAINDEX);
        assertEquals(1e9 + 0.8 * 3e9, certaindex.expectedFlops, 1, "80% of the window until programs have finished");
        assertEquals(T0 + S, certaindex.deadlineNanos);
    }

    @Test
    void theFairnessGuardServesAProgramThatWaitedTooLongRelativeToItsSize() {
        QueueOrder order = new QueueOrder(capacity);
        SchedulerConfig c = config(SchedulerPolicy.CERTAINDEX);
        RerankJob big = job(20, T0, 1000);
        RerankJob small = job(2, T0 + 15 * S, 1000);
        RerankJob tiny = job(1, T0 + 15 * S, 1000);
        List<RerankJob> queue = List.of(big, small, tiny);
        // at +20 s every ratio (waited / predicted service) is under the limit of 4: shortest first
        assertEquals(20.0 / 21, order.fairnessRatio(big, T0 + 20 * S), 1e-9);
        QueueOrder.Next early = order.next(queue, T0 + 20 * S, c);
        assertSame(tiny, early.job());
        assertFalse(early.escalated());
        assertEquals(List.of(tiny, small, big), order.joinOrder(queue, T0 + 20 * S, c));
        // at +100 s big waited 4.8 times its 21 s: past the limit it goes ahead of a shorter program that has not waited long
        RerankJob fresh = job(2, T0 + 95 * S, 1000);
        QueueOrder.Next escalated = order.next(List.of(fresh, big), T0 + 100 * S, c);
        assertSame(big, escalated.job());
        assertTrue(escalated.escalated(), "counted: the guard overrode shortest-first");
        assertEquals(List.of(big, fresh), order.joinOrder(List.of(fresh, big), T0 + 100 * S, c));
        // several past the limit: the longest relative wait first (tiny: 85 s for 2 s of service)
        assertEquals(List.of(tiny, small, big), order.joinOrder(queue, T0 + 100 * S, c));
        QueueOrder.Next worst = order.next(queue, T0 + 100 * S, c);
        assertSame(tiny, worst.job());
        assertFalse(worst.escalated(), "the worst wait is also the shortest program");
        assertSame(big, order.next(queue, T0 + 20 * S, config(SchedulerPolicy.FIFO)).job(), "FIFO: arrival order");
    }

    @Test
    void theBacklogCountsRunningRemaindersAndTheQueuedProgramsServedFirst() {
        Backlog backlog = new Backlog(capacity);
        SchedulerConfig sjf = config(SchedulerPolicy.CERTAINDEX);
        Object slot = new Object();
        backlog.runs(slot, T0 + 5 * S);
        List<RerankJob> queue = List.of(job(3, T0, 100), job(9, T0, 100));
        assertEquals(5 * S + 4 * S, backlog.waitAheadNanos(T0, 5e9, queue, sjf), "only the cheaper queued program is served first");
        assertEquals(5 * S + 4 * S + 10 * S, backlog.allNanos(T0, queue, sjf));
        assertEquals(5 * S + 4 * S + 10 * S, backlog.waitAheadNanos(T0, 5e9, queue, config(SchedulerPolicy.FIFO)), "FIFO: all of them");
        backlog.joins(slot, T0 + 2 * S, 6 * S);
        assertEquals(9 * S, backlog.allNanos(T0 + 2 * S, List.of(), sjf), "3 s left plus the joiner's 6 s");
        backlog.done(slot);
        assertEquals(0, backlog.allNanos(T0, List.of(), sjf));
        SchedulerConfig twoWorkers = new SchedulerConfig(SchedulerPolicy.FIFO, 2, 3, 4, 1.25, 30, 10, 2, 10, null);
        assertEquals(7 * S, backlog.allNanos(T0, queue, twoWorkers), "per worker");
    }

    @Test
    void admissionRejectsAFullQueueAndDegradesWhatCannotMakeItsDeadline() {
        AdmissionControl admission = new AdmissionControl(capacity, costs);
        Backlog backlog = new Backlog(capacity);
        SchedulerConfig c = config(SchedulerPolicy.CERTAINDEX);
        List<RerankJob> full = List.of(job(2, T0, 100), job(2, T0, 100), job(2, T0, 100));
        AdmissionControl.Verdict.Reject reject = assertInstanceOf(AdmissionControl.Verdict.Reject.class,
            admission.admit(job(2, T0, 100), T0, c, false, backlog, full));
        assertEquals(9, reject.retryAfterSeconds(), "three programs of 3 s ahead");
        assertEquals("the inference queue of this node is full [3]", reject.reason());
        assertEquals(new AdmissionControl.Verdict.Reject(1, "the inference scheduler of this node is closing"),
            admission.admit(job(2, T0, 100), T0, c, true, backlog, List.of()));

        // the cheapest useful call: the top 10 with the cheap model, 5.5 s, times the safety factor 1.25
        RerankJob tight = job(30, T0, 6);
        assertEquals((long) (5.5 * S * 1.25), admission.cheapestUsefulNanos(tight, c));
        assertInstanceOf(AdmissionControl.Verdict.Queue.class, admission.admit(job(30, T0, 7), T0, c, false, backlog, List.of()));
        AdmissionControl.Verdict.Degrade degrade = assertInstanceOf(AdmissionControl.Verdict.Degrade.class,
            admission.admit(tight, T0, c, false, backlog, List.of()));
        assertEquals("over capacity: about 0 ms of work ahead, deadline in 6000 ms", degrade.reason());
        assertInstanceOf(AdmissionControl.Verdict.Queue.class, admission.admit(tight, T0, config(SchedulerPolicy.FIFO), false, backlog,
            List.of()), "FIFO never degrades");
    }

    @Test
    void aProgramDegradesStepByStepToMakeItsDeadline() {
        ProgramPlanner planner = new ProgramPlanner(capacity, costs);
        SchedulerConfig c = config(SchedulerPolicy.CERTAINDEX);
        // the detect point: the query and 30 passages, 31 s of "big", 38.75 s with the safety factor
        ProgramPlan detect = planner.plan(job(100, T0, 40), T0, c, () -> 0);
        assertEquals("big", detect.model());
        assertEquals(30, detect.firstEnd());
        assertNull(detect.mark());
        assertFalse(detect.relaxed());

        ProgramPlan shorter = planner.plan(job(100, T0, 20), T0, c, () -> 0);
        assertEquals(JobResult.Outcome.DEGRADED_DEPTH, shorter.mark());
        assertEquals(15, shorter.firstEnd(), "16 s x 1.25 = 20 s");

        ProgramPlan cheap = planner.plan(job(100, T0, 10), T0, c, () -> 0);
        assertEquals(JobResult.Outcome.DEGRADED_MODEL, cheap.mark());
        assertEquals("cheap", cheap.model());
        assertEquals(15, cheap.firstEnd(), "8 s x 1.25 = 10 s");

        assertEquals(ProgramPlan.none(JobResult.Outcome.DEGRADED_FIRST_STAGE).mark(), planner.plan(job(100, T0, 5), T0, c, () -> 0).mark());
        assertFalse(planner.plan(job(100, T0, 5), T0, c, () -> 0).runsModel());
        assertEquals(JobResult.Outcome.EXPIRED, planner.plan(job(100, T0, 5), T0 + 6 * S, config(SchedulerPolicy.FIFO), () -> 0).mark());
        ProgramPlan fifo = planner.plan(job(100, T0, 5), T0, config(SchedulerPolicy.FIFO), () -> 0);
        assertEquals(100, fifo.firstEnd(), "FIFO runs the whole window, whatever the deadline");
    }

    @Test
    void underLoadOneStableStepIsEnoughOnlyWhenTheThresholdIsOnAndTheBacklogIsOverTheDeadline() {
        ProgramPlanner planner = new ProgramPlanner(capacity, costs);
        SchedulerConfig relaxing = new SchedulerConfig(SchedulerPolicy.CERTAINDEX, 1, 3, 4.0, 1.25, 30, 10, 2, 10, "cheap", true);
        assertTrue(planner.plan(job(100, T0, 40), T0, relaxing, () -> 41 * S).relaxed());
        assertFalse(planner.plan(job(100, T0, 40), T0, relaxing, () -> 39 * S).relaxed());
        assertFalse(planner.plan(job(100, T0, 40), T0, config(SchedulerPolicy.CERTAINDEX), () -> {
            throw new AssertionError("the backlog is not asked when the threshold is off");
        }).relaxed());
    }
}
