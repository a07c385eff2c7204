package org.llmrerank.scheduler;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.llmrerank.rescorer.ModelException;
import org.llmrerank.rescorer.PointwiseScores;
import org.llmrerank.rescorer.RerankModel;
import org.llmrerank.rescorer.Strategy;
import org.llmrerank.routing.Cancellation;

/**
 * The scheduling policy with a fake clock and a fake model: every text costs 1 GFLOP with "big" and 0.5 with "cheap",
 * the node does 1 GFLOP/s, and the fake model advances the clock by exactly what it costs. A passage's text is its score.
 */
class InferenceSchedulerTest {

    private static final long S = 1_000_000_000L;
    private final AtomicLong now = new AtomicLong(1_000 * S);
    private final List<String> calls = Collections.synchronizedList(new ArrayList<>());

    private final class FakeModel implements RerankModel {
        final String name;
        final double secondsPerText;

        FakeModel(String name, double secondsPerText) {
            this.name = name;
            this.secondsPerText = secondsPerText;
        }

        @Override
        public String name() {
            return name;
        }

        @Override
        public Set<Strategy> supportedStrategies() {
            return Set.of(Strategy.POINTWISE);
        }

        @Override
        public PointwiseScores scorePointwise(String query, List<String> passages) throws ModelException {
            calls.add(query + ":" + passages.size());
            now.addAndGet((long) ((1 + passages.size()) * secondsPerText * S));
            float[] s = new float[passages.size()];
            for (int i = 0; i < s.length; i++) {
                s[i] = Float.parseFloat(passages.get(i));
            }
            return new PointwiseScores(s, (1 + passages.size()) * secondsPerText * 1e9, -1, passages.size());
        }
    }

    private InferenceScheduler scheduler(SchedulerConfig config) {
        FakeModel big = new FakeModel("big", 1.0);
        FakeModel cheap = new FakeModel("cheap", 0.5);
        CostModel costs = (model, text) -> model.equals("cheap") ? 0.5e9 : 1e9;
        return new InferenceScheduler(config, now::get, new CapacityEstimator(1e9), costs, name -> name.equals("cheap") ? cheap : big,
            new SchedulerStats(), Thread::new);
    }

    private static SchedulerConfig config(SchedulerPolicy policy, int maxQueued) {
        return SchedulerConfig.defaults(policy, 0, maxQueued, "cheap");
    }

    /** n passages scored n-1 .. 0 (first-stage order is already the model's order). */
    private static List<String> descending(int n) {
        List<String> t = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            t.add(Float.toString(n - i));
        }
        return t;
    }

    private final List<String> done = Collections.synchronizedList(new ArrayList<>());
    private final List<JobResult> results = Collections.synchronizedList(new ArrayList<>());

    private Admission submit(InferenceScheduler s, String name, List<String> texts, long timeoutSeconds) {
        return s.submit("big", name, texts, timeoutSeconds * S, new Cancellation(), r -> {
            done.add(name);
            results.add(r);
        });
    }

    private static void drain(InferenceScheduler s) {
        while (s.runNext()) {
            // runs on this thread
        }
    }

    @Test
    void shortestPredictedJobFirst() {
        InferenceScheduler s = scheduler(config(SchedulerPolicy.CERTAINDEX, 10));
        submit(s, "q20", descending(20), 1000);
        submit(s, "q5", descending(5), 1000);
        submit(s, "q10", descending(10), 1000);
        drain(s);
        assertEquals(List.of("q5", "q10", "q20"), done);
    }

    @Test
    void fifoKeepsArrivalOrderAndJudgesTheWholeWindow() {
        InferenceScheduler s = scheduler(config(SchedulerPolicy.FIFO, 10));
        submit(s, "q20", descending(100), 1000);
        submit(s, "q5", descending(5), 1000);
        drain(s);
        assertEquals(List.of("q20", "q5"), done);
        assertEquals(JobResult.Outcome.COMPLETE, results.get(0).outcome());
        assertEquals(100, results.get(0).judgedDocs());
        assertEquals(List.of("q20:100", "q5:5"), calls, "one call per program, no early stop");
    }

    /** Short programs keep arriving, one per finished one: without the guard the long one would wait for ever. */
    private int positionOfLongJob(double fairnessLimit) {
        done.clear();
        InferenceScheduler s = scheduler(new SchedulerConfig(SchedulerPolicy.CERTAINDEX, 0, 100, fairnessLimit, 1.25, 30, 10, 2, 10, null));
        submit(s, "long", descending(10), 10_000);
        submit(s, "short0", descending(1), 10_000);
        for (int i = 1; i <= 20; i++) {
            s.runNext();
            submit(s, "short" + i, descending(1), 10_000);
        }
        drain(s);
        return done.indexOf("long");
    }

    @Test
    void fairnessGuardServesAStarvingLongJob() {
        // long: 9 GFLOP expected; shorts 1.8; each short runs 2 s. With limit 2 the long job goes once it waited 18 s
        int guarded = positionOfLongJob(2.0);
        assertTrue(guarded > 0 && guarded <= 10, "served after a few short ones: " + done);
        assertEquals(21, positionOfLongJob(1e9), "without the guard it starves until the stream ends: " + done);
    }

    @Test
    void certainQueriesStopAndTheirCallsRunTogether() {
        InferenceScheduler s = scheduler(config(SchedulerPolicy.CERTAINDEX, 10));
        submit(s, "certain", descending(100), 1000);
        submit(s, "other", descending(100), 1000);
        drain(s);
        // detect point 30, then +10 twice with an unchanged top-10: stop at depth 50
        JobResult r = results.get(0);
        assertEquals(JobResult.Outcome.STOPPED_CERTAIN, r.outcome());
        assertEquals(50, r.judgedDepth());
        assertTrue(Float.isNaN(r.scores()[50]));
        int[] expected = new int[100];
        for (int i = 0; i < 100; i++) {
            expected[i] = i;
        }
        assertArrayEquals(expected, r.order(), "judged by score, the rest in first-stage order: a permutation");
        // gang: each program's calls are contiguous
        assertEquals(List.of("certain:30", "certain:10", "certain:10", "other:30", "other:10", "other:10"), calls);
    }

    @Test
    void uncertainQueriesGetMoreOfTheWindow() {
        InferenceScheduler s = scheduler(config(SchedulerPolicy.CERTAINDEX, 10));
        List<String> t = descending(100);
        // every step brings a new best passage: the top-10 never settles
        for (int i = 30; i < 100; i += 10) {
            t.set(i, Float.toString(1000 + i));
        }
        submit(s, "uncertain", t, 1000);
        drain(s);
        JobResult r = results.get(0);
        assertEquals(JobResult.Outcome.COMPLETE, r.outcome());
        assertEquals(100, r.judgedDepth());
        assertEquals(90, r.order()[0]);
    }

    @Test
    void aProgramThatCannotMakeItsDeadlineDegradesInsteadOfMissingIt() {
        InferenceScheduler s = scheduler(config(SchedulerPolicy.CERTAINDEX, 10));
        // 20 s: the 30-passage detect point (31 s predicted) does not fit; 15 passages do ((1 + 15) * 1.25 = 20)
        submit(s, "depth", descending(100), 20);
        drain(s);
        assertEquals(JobResult.Outcome.DEGRADED_DEPTH, results.get(0).outcome());
        assertEquals(15, results.get(0).judgedDepth());
        // 10 s: not even the top-10 with the big model ((1 + 10) * 1.25 > 10); the cheap one judges 15 ((0.5 + 7.5) * 1.25 = 10)
        results.clear();
        submit(s, "model", descending(100), 10);
        drain(s);
        assertEquals(JobResult.Outcome.DEGRADED_MODEL, results.get(0).outcome());
        assertEquals("cheap", results.get(0).model());
        assertEquals(15, results.get(0).judgedDepth());
        // 3 s: nothing fits: answered at admission in first-stage order, nothing queued, no model call
        results.clear();
        calls.clear();
        Admission a = submit(s, "none", descending(100), 3);
        assertInstanceOf(Admission.Degraded.class, a);
        assertEquals(JobResult.Outcome.DEGRADED_FIRST_STAGE, results.get(0).outcome());
        assertEquals(0, s.queued());
        assertEquals(List.of(), calls);
    }

    @Test
    void work_aheadMakesALaterProgramDegradeAtDispatch() {
        InferenceScheduler s = scheduler(config(SchedulerPolicy.CERTAINDEX, 10));
        submit(s, "first", descending(10), 1000); // 11 s of work
        submit(s, "second", descending(10), 40); // fits when admitted, but SJF ties keep arrival order
        now.addAndGet(35 * S); // time passes before the node gets to them
        drain(s);
        JobResult second = results.get(1);
        assertTrue(second.outcome().degraded(), "5 s left after waiting: " + second.outcome());
    }

    @Test
    void underLoadOneStableStepIsEnoughAndTheStopIsMarkedDegraded() {
        InferenceScheduler s = scheduler(new SchedulerConfig(SchedulerPolicy.CERTAINDEX, 0, 10, 4.0, 1.25, 30, 10, 2, 10, "cheap", true));
        // 3 programs of (1 + 0.8 * 100) s expected queued behind the first: more than its 100 s deadline
        submit(s, "q0", descending(100), 100);
        for (int i = 1; i < 4; i++) {
            submit(s, "q" + i, descending(100), 1000);
        }
        s.runNext();
        JobResult first = results.get(0);
        assertEquals(JobResult.Outcome.DEGRADED_DEPTH, first.outcome());
        assertEquals(40, first.judgedDepth(), "detect point 30, one unchanged step of 10");
        assertTrue(first.outcome().degraded());
    }

    @Test
    void fifoSkipsProgramsWhoseDeadlinePassedWhileQueued() {
        InferenceScheduler s = scheduler(config(SchedulerPolicy.FIFO, 10));
        submit(s, "a", descending(100), 1000);
        submit(s, "b", descending(100), 50);
        drain(s);
        assertEquals(JobResult.Outcome.COMPLETE, results.get(0).outcome());
        assertEquals(JobResult.Outcome.EXPIRED, results.get(1).outcome());
        assertEquals(List.of("a:100"), calls);
    }

    @Test
    void aFullQueueRejectsWithARetryAfterEstimateAndMemoryStaysBounded() {
        InferenceScheduler s = scheduler(config(SchedulerPolicy.CERTAINDEX, 3));
        for (int i = 0; i < 3; i++) {
            assertInstanceOf(Admission.Queued.class, submit(s, "q" + i, descending(10), 1000));
        }
        Admission a = submit(s, "q3", descending(10), 1000);
        Admission.Rejected r = assertInstanceOf(Admission.Rejected.class, a);
        // three programs of (1 + 0.8 * 10) GFLOP each at 1 GFLOP/s ahead
        assertEquals(27, r.retryAfterSeconds());
        for (int i = 0; i < 1000; i++) {
            assertInstanceOf(Admission.Rejected.class, submit(s, "flood" + i, descending(100), 1000));
        }
        assertEquals(3, s.queued());
        assertEquals(1001, s.stats().rejected.sum());
        drain(s);
        assertEquals(3, done.size());
        assertEquals(0, s.queued());
    }

    @Test
    void withoutDegradationTheResultIsDeterministic() {
        InferenceScheduler s = scheduler(config(SchedulerPolicy.CERTAINDEX, 10));
        List<String> t = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            t.add(Float.toString((i * 37 % 101) / 101f));
        }
        submit(s, "a", t, 1000);
        submit(s, "a", t, 1000);
        drain(s);
        assertEquals(results.get(0).outcome(), results.get(1).outcome());
        assertArrayEquals(results.get(0).order(), results.get(1).order());
        assertArrayEquals(results.get(0).scores(), results.get(1).scores());
    }

    @Test
    void workersRunProgramsOnTheirOwnThreadsAndCloseCleanly() throws Exception {
        RerankModel instant = new RerankModel() {
            public String name() {
                return "big";
            }

            public Set<Strategy> supportedStrategies() {
                return Set.of(Strategy.POINTWISE);
            }

            public PointwiseScores scorePointwise(String q, List<String> p) {
                float[] s = new float[p.size()];
                for (int i = 0; i < s.length; i++) {
                    s[i] = Float.parseFloat(p.get(i));
                }
                return new PointwiseScores(s, 1, -1, p.size());
            }
        };
        InferenceScheduler s = new InferenceScheduler(SchedulerConfig.defaults(SchedulerPolicy.CERTAINDEX, 2, 100, null), System::nanoTime,
            new CapacityEstimator(1e12), (m, t) -> 1e6, name -> instant, new SchedulerStats(), Thread::new);
        CountDownLatch latch = new CountDownLatch(50);
        for (int i = 0; i < 50; i++) {
            // a deadline far past any model time: every program runs its own course however busy the machine is
            assertInstanceOf(Admission.Queued.class, s.submit("big", "q" + i, descending(100), 3600 * S, new Cancellation(), r -> {
                if (r.outcome().reranked()) {
                    latch.countDown();
                }
            }));
        }
        assertTrue(latch.await(10, TimeUnit.MINUTES));
        s.close();
        assertEquals(50, s.stats().outcome(JobResult.Outcome.STOPPED_CERTAIN));
    }
}
