package org.llmrerank.scheduler;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.llmrerank.rescorer.ModelException;
import org.llmrerank.rescorer.PointwiseGroup;
import org.llmrerank.rescorer.PointwiseScores;
import org.llmrerank.rescorer.RerankModel;
import org.llmrerank.rescorer.Strategy;
import org.llmrerank.routing.Cancellation;

/**
 * Continuous batching across searches, with a fake clock and a deterministic fake model that batches across groups:
 * each text costs 1 GFLOP and 1 s (the node does 1 GFLOP/s), a call advances the clock by the sum over its groups
 * (query pass included), and a passage's text is its score. Calls are recorded as {@code [a:30, b:30]} (grouped) or
 * {@code a:30} (alone).
 */
class InferenceSchedulerBatchingTest {

    private static final long S = 1_000_000_000L;
    private final AtomicLong now = new AtomicLong(1_000 * S);
    private final List<String> calls = new ArrayList<>();
    private final Map<String, JobResult> results = new LinkedHashMap<>();
    private final Map<String, Cancellation> cancellations = new LinkedHashMap<>();
    private final List<String> delivered = new ArrayList<>();
    /** runs inside the n-th call (0-based), e.g. to cancel a program or submit another while the call is in flight */
    private final Map<Integer, Runnable> duringCall = new LinkedHashMap<>();
    private int failCall = -1;
    private double secondsPerText = 1.0;

    private final class BatchingModel implements RerankModel {
        final boolean batches;

        BatchingModel(boolean batches) {
            this.batches = batches;
        }

        public String name() {
            return "big";
        }

        public Set<Strategy> supportedStrategies() {
            return Set.of(Strategy.POINTWISE);
        }

        public PointwiseScores scorePointwise(String query, List<String> passages) throws ModelException {
            int n = calls.size();
            calls.add(query + ":" + passages.size());
            return scored(n, query, passages);
        }

        @Override
        public List<PointwiseScores> scorePointwiseGroups(List<PointwiseGroup> groups, Cancellation cancellation) throws ModelException {
            if (batches == false) {
                return RerankModel.super.scorePointwiseGroups(groups, cancellation);
            }
            int n = calls.size();
            calls.add(groups.stream().map(g -> g.query() + ":" + g.passages().size()).toList().toString());
            Runnable hook = duringCall.remove(n);
            if (hook != null) {
                hook.run();
            }
            if (cancellation.isCancelled()) {
                throw new ModelException("cancelled", null);
            }
            if (n == failCall) {
                throw new ModelException("engine failed", null);
            }
            List<PointwiseScores> out = new ArrayList<>();
            for (PointwiseGroup g : groups) {
                out.add(score(g.query(), g.passages()));
            }
            return out;
        }

        private PointwiseScores scored(int n, String query, List<String> passages) throws ModelException {
            Runnable hook = duringCall.remove(n);
            if (hook != null) {
                hook.run();
            }
            if (n == failCall) {
                throw new ModelException("engine failed", null);
            }
            return score(query, passages);
        }

        private PointwiseScores score(String query, List<String> passages) {
            now.addAndGet((long) ((1 + passages.size()) * secondsPerText * S));
            float[] s = new float[passages.size()];
            for (int i = 0; i < s.length; i++) {
                s[i] = Float.parseFloat(passages.get(i));
            }
            return new PointwiseScores(s, (1 + passages.size()) * 1e9, -1, passages.size() + 1L);
        }

        @Override
        public boolean batchesAcrossGroups() {
            return batches;
        }
    }

    private InferenceScheduler scheduler(SchedulerPolicy policy, int maxPrograms, int maxPassages, boolean modelBatches) {
        SchedulerConfig c = SchedulerConfig.defaults(policy, 0, 100, null).withBatching(maxPrograms, maxPassages);
        BatchingModel m = new BatchingModel(modelBatches);
        return new InferenceScheduler(c, now::get, new CapacityEstimator(1e9), (model, text) -> 1e9, name -> m, new SchedulerStats(),
            Thread::new);
    }

    private void submit(InferenceScheduler s, String name, List<String> texts, long timeoutSeconds) {
        Cancellation c = new Cancellation();
        cancellations.put(name, c);
        Consumer<JobResult> cb = r -> {
            delivered.add(name);
            results.put(name, r);
        };
        s.submit("big", name, texts, timeoutSeconds * S, c, cb);
    }

    private static void drain(InferenceScheduler s) {
        while (s.runNext()) {
            // on this thread
        }
    }

    /** n passages scored n .. 1: the model agrees with the first stage, so the top-10 is stable at once. */
    private static List<String> certain(int n) {
        List<String> t = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            t.add(Float.toString(n - i));
        }
        return t;
    }

    /** Every step of 10 brings a new best passage: never certain, judged to the end. */
    private static List<String> uncertain(int n) {
        List<String> t = certain(n);
        for (int i = 30; i < n; i += 10) {
            t.set(i, Float.toString(1000 + i));
        }
        return t;
    }

    /** A mix with blank texts and scores in no particular order. */
    private static List<String> mixed(int n, int seed) {
        List<String> t = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            t.add(i % 17 == 5 ? "" : Float.toString(((i + seed) * 37 % 101) / 101f));
        }
        return t;
    }

    private Map<String, JobResult> runAll(int maxPrograms, Map<String, List<String>> windows) {
        results.clear();
        calls.clear();
        delivered.clear();
        InferenceScheduler s = scheduler(SchedulerPolicy.CERTAINDEX, maxPrograms, 1000, true);
        windows.forEach((name, t) -> submit(s, name, t, 100_000));
        drain(s);
        return new LinkedHashMap<>(results);
    }

    @Test
    void programsBatchedTogetherGetExactlyWhatTheyGetAlone() {
        Map<String, List<String>> windows = new LinkedHashMap<>();
        windows.put("certain", certain(100));
        windows.put("uncertain", uncertain(100));
        windows.put("mixedA", mixed(100, 1));
        windows.put("mixedB", mixed(60, 7));
        windows.put("short", certain(12));
        Map<String, JobResult> alone = runAll(1, windows);
        assertTrue(calls.stream().noneMatch(c -> c.startsWith("[")), "maxBatchPrograms 1: every call alone " + calls);
        Map<String, JobResult> batched = runAll(4, windows);
        assertTrue(calls.stream().anyMatch(c -> c.startsWith("[") && c.split(",").length == 4), "some call held 4 programs: " + calls);
        assertEquals(alone.keySet(), batched.keySet());
        for (String name : windows.keySet()) {
            JobResult a = alone.get(name);
            JobResult b = batched.get(name);
            assertEquals(a.outcome(), b.outcome(), name);
            assertEquals(a.judgedDepth(), b.judgedDepth(), name);
            assertEquals(a.judgedDocs(), b.judgedDocs(), name);
            assertArrayEquals(a.order(), b.order(), name);
            assertArrayEquals(a.scores(), b.scores(), name);
            assertEquals(a.estimatedFlops(), b.estimatedFlops(), name);
            assertEquals(a.inputTokens(), b.inputTokens(), name);
        }
    }

    @Test
    void programsJoinAndLeaveAtStepBoundariesAndTheirStepsStayConsecutive() {
        InferenceScheduler s = scheduler(SchedulerPolicy.CERTAINDEX, 2, 1000, true);
        submit(s, "a", certain(100), 100_000); // detect 30, +10, +10: certain at 50
        submit(s, "b", uncertain(100), 100_000); // judged to 100
        submit(s, "c", certain(100), 100_000); // waits for a free place in the batch
        drain(s);
        assertEquals(List.of("[a:30, b:30]", "[a:10, b:10]", "[a:10, b:10]", // a leaves after its third step
            "[b:10, c:30]", "[b:10, c:10]", "[b:10, c:10]", // c joins the next boundary, leaves certain
            "b:10", "b:10"), calls); // b finishes alone
        assertEquals(JobResult.Outcome.STOPPED_CERTAIN, results.get("a").outcome());
        assertEquals(JobResult.Outcome.COMPLETE, results.get("b").outcome());
        assertEquals(100, results.get("b").judgedDepth());
        assertEquals(JobResult.Outcome.STOPPED_CERTAIN, results.get("c").outcome());
        assertEquals(List.of("a", "c", "b"), delivered);
        assertEquals(8, s.stats().modelCalls.sum());
        assertEquals(14, s.stats().modelCallPrograms.sum());
    }

    @Test
    void aProgramJoinsOnlyWhileTheCallStaysWithinThePassageBound() {
        InferenceScheduler s = scheduler(SchedulerPolicy.CERTAINDEX, 4, 40, true);
        submit(s, "a", certain(100), 100_000);
        submit(s, "b", certain(100), 100_000);
        drain(s);
        // 30 + 30 > 40: b joins once a's steps are 10 passages
        assertEquals(List.of("a:30", "[a:10, b:30]", "[a:10, b:10]", "b:10"), calls);
    }

    @Test
    void oneProgramsCancellationDropsOnlyItsGroup() {
        InferenceScheduler s = scheduler(SchedulerPolicy.CERTAINDEX, 3, 1000, true);
        submit(s, "a", certain(100), 100_000);
        submit(s, "b", uncertain(100), 100_000);
        submit(s, "c", certain(100), 100_000);
        duringCall.put(0, () -> cancellations.get("b").cancel()); // b's caller gives up during the first shared call
        duringCall.put(1, () -> cancellations.get("c").cancel()); // c's during the second
        drain(s);
        assertEquals(List.of("[a:30, b:30, c:30]", "[a:10, c:10]", "a:10"), calls, "each cancelled group leaves the next call");
        assertEquals(JobResult.Outcome.EXPIRED, results.get("b").outcome(), "nothing judged before its cancellation");
        assertEquals(JobResult.Outcome.DEGRADED_DEPTH, results.get("c").outcome(), "keeps its first step");
        assertEquals(30, results.get("c").judgedDepth());
        assertEquals(JobResult.Outcome.STOPPED_CERTAIN, results.get("a").outcome(), "the others' calls ran on");
        assertEquals(50, results.get("a").judgedDepth());
    }

    @Test
    void oneProgramsDeadlineStopsOnlyIt() {
        InferenceScheduler s = scheduler(SchedulerPolicy.CERTAINDEX, 2, 1000, true);
        submit(s, "a", certain(40), 100_000); // 33 GFLOP expected: admission leaves b (33 + 13.75 s <= 82) queued
        // b joins the first call (62 s predicted x 1.25 = 77.5 <= 82); then the next shared call (22 s x 1.25) does not fit its 20 s
        submit(s, "b", uncertain(100), 82);
        drain(s);
        assertEquals(List.of("[a:30, b:30]", "a:10"), calls);
        assertEquals(JobResult.Outcome.DEGRADED_DEPTH, results.get("b").outcome());
        assertEquals(30, results.get("b").judgedDepth());
        assertEquals(JobResult.Outcome.COMPLETE, results.get("a").outcome(), "a's own next step fits: it goes on alone");
        assertEquals(40, results.get("a").judgedDepth());
    }

    @Test
    void aProgramWhoseDeadlineTheSharedCallWouldMissDoesNotJoin() {
        InferenceScheduler s = scheduler(SchedulerPolicy.CERTAINDEX, 2, 1000, true);
        submit(s, "a", certain(40), 100_000);
        submit(s, "b", certain(100), 60); // alone its first step fits (31 s x 1.25); beside a's (62 s x 1.25) it would not
        drain(s);
        // b stays queued (at the second boundary 42 s x 1.25 > its 29 s left too); after a, 18 s left: 13 passages fit
        assertEquals(List.of("a:30", "a:10", "b:13"), calls);
        assertEquals(JobResult.Outcome.DEGRADED_DEPTH, results.get("b").outcome());
        assertEquals(JobResult.Outcome.COMPLETE, results.get("a").outcome());
    }

    @Test
    void aFailingBatchedCallDegradesEveryProgramInItExactlyOnce() {
        InferenceScheduler s = scheduler(SchedulerPolicy.CERTAINDEX, 3, 1000, true);
        submit(s, "a", certain(100), 100_000);
        submit(s, "b", uncertain(100), 100_000);
        duringCall.put(0, () -> submit(s, "c", certain(100), 100_000)); // arrives while the first call runs
        failCall = 1;
        drain(s);
        assertEquals(List.of("[a:30, b:30]", "[a:10, b:10, c:30]"), calls);
        assertEquals(JobResult.Outcome.DEGRADED_DEPTH, results.get("a").outcome(), "keeps what was judged");
        assertEquals(30, results.get("a").judgedDepth());
        assertEquals(JobResult.Outcome.DEGRADED_DEPTH, results.get("b").outcome());
        JobResult c = results.get("c");
        assertEquals(JobResult.Outcome.FAILED, c.outcome(), "nothing judged: first-stage order");
        assertArrayEquals(InferenceScheduler.identity(100), c.order());
        assertEquals("engine failed", c.error());
        assertEquals(3, delivered.size());
        assertEquals(Set.of("a", "b", "c"), Set.copyOf(delivered));
        assertEquals(2, s.stats().outcome(JobResult.Outcome.DEGRADED_DEPTH));
        assertEquals(1, s.stats().outcome(JobResult.Outcome.FAILED));
        assertEquals(0, s.queued());
    }

    @Test
    void fifoNeverBatches() {
        InferenceScheduler s = scheduler(SchedulerPolicy.FIFO, 8, 1000, true);
        submit(s, "a", certain(100), 100_000);
        submit(s, "b", certain(50), 100_000);
        submit(s, "c", certain(20), 100_000);
        drain(s);
        assertEquals(List.of("a:100", "b:50", "c:20"), calls);
    }

    @Test
    void aModelThatDoesNotBatchKeepsEachProgramsCallsTogether() {
        InferenceScheduler s = scheduler(SchedulerPolicy.CERTAINDEX, 8, 1000, false);
        submit(s, "a", certain(100), 100_000);
        submit(s, "b", certain(100), 100_000);
        drain(s);
        assertEquals(List.of("a:30", "a:10", "a:10", "b:30", "b:10", "b:10"), calls);
    }

    @Test
    void theCapacityEstimateLearnsFromTheWholeBatchedCall() {
        secondsPerText = 0.5; // batching pays: the engine runs 2 GFLOP/s
        InferenceScheduler s = scheduler(SchedulerPolicy.CERTAINDEX, 2, 1000, true);
        submit(s, "a", List.of("1", "2"), 100_000);
        submit(s, "b", List.of("3", "4"), 100_000);
        drain(s);
        assertEquals(List.of("[a:2, b:2]"), calls);
        // the first observation of a model is taken as is: predicted 6 GFLOP (both groups) in 3 s, not one group's 3
        assertEquals(2e9, s.capacity().flopsPerSecond("big"), 1);
    }

    @Test
    void batchingKnobsAreValidated() {
        SchedulerConfig c = SchedulerConfig.defaults(SchedulerPolicy.CERTAINDEX, 0, 10, null);
        assertTrue(assertThrows(IllegalArgumentException.class, () -> c.withBatching(0, 10)).getMessage().contains("maxBatchPrograms"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> c.withBatching(2, 0)).getMessage().contains("maxBatchPassages"));
        assertEquals(1, c.maxBatchPrograms(), "default: no batching");
    }

    /**
     * Real worker threads and a real clock: every program is answered exactly once, and calls did hold several. The
     * model holds its calls until all programs are queued, so programs are waiting at the first step boundaries however
     * fast the workers are; the deadlines are far past any model time, so every program runs its own course.
     */
    @Test
    void workerThreadsBatchAndAnswerEveryProgramOnce() throws Exception {
        List<Integer> groupsPerCall = java.util.Collections.synchronizedList(new ArrayList<>());
        java.util.concurrent.CountDownLatch allQueued = new java.util.concurrent.CountDownLatch(1);
        RerankModel instant = new RerankModel() {
            public String name() {
                return "big";
            }

            public Set<Strategy> supportedStrategies() {
                return Set.of(Strategy.POINTWISE);
            }

            public PointwiseScores scorePointwise(String q, List<String> p) {
                groupsPerCall.add(1);
                awaitAllQueued();
                return scores(p);
            }

            @Override
            public List<PointwiseScores> scorePointwiseGroups(List<PointwiseGroup> groups, Cancellation c) {
                groupsPerCall.add(groups.size());
                awaitAllQueued();
                return groups.stream().map(g -> scores(g.passages())).toList();
            }

            private void awaitAllQueued() {
                try {
                    allQueued.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }

            private PointwiseScores scores(List<String> p) {
                float[] s = new float[p.size()];
                for (int i = 0; i < s.length; i++) {
                    s[i] = Float.parseFloat(p.get(i));
                }
                return new PointwiseScores(s, 1, -1, p.size());
            }

            @Override
            public boolean batchesAcrossGroups() {
                return true;
            }
        };
        SchedulerConfig c = SchedulerConfig.defaults(SchedulerPolicy.CERTAINDEX, 2, 100, null).withBatching(4, 256);
        InferenceScheduler s = new InferenceScheduler(c, System::nanoTime, new CapacityEstimator(1e12), (m, t) -> 1e6, name -> instant,
            new SchedulerStats(), Thread::new);
        Map<Integer, Integer> answers = new java.util.concurrent.ConcurrentHashMap<>();
        java.util.concurrent.CountDownLatch latch = new java.util.concurrent.CountDownLatch(60);
        for (int i = 0; i < 60; i++) {
            int id = i;
            s.submit("big", "q" + i, i % 2 == 0 ? certain(100) : uncertain(100), 3600 * S, new Cancellation(), r -> {
                answers.merge(id, 1, Integer::sum);
                latch.countDown();
            });
        }
        allQueued.countDown();
        assertTrue(latch.await(10, java.util.concurrent.TimeUnit.MINUTES));
        s.close();
        assertEquals(60, answers.size());
        assertTrue(answers.values().stream().allMatch(n -> n == 1), "each answered once: " + answers);
        assertEquals(30, s.stats().outcome(JobResult.Outcome.STOPPED_CERTAIN));
        assertEquals(30, s.stats().outcome(JobResult.Outcome.COMPLETE));
        assertTrue(groupsPerCall.stream().anyMatch(n -> n > 1), "some call held several programs: " + groupsPerCall);
        assertTrue(groupsPerCall.stream().allMatch(n -> n <= 4), "never more than maxBatchPrograms: " + groupsPerCall);
    }
}
