package org.llmrerank.scheduler.placement;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.llmrerank.rescorer.PointwiseScores;
import org.llmrerank.rescorer.RerankModel;
import org.llmrerank.rescorer.Strategy;
import org.llmrerank.rescorer.pipeline.FallbackCause;
import org.llmrerank.rescorer.pipeline.RerankOptions;
import org.llmrerank.rescorer.pipeline.RerankPlan;
import org.llmrerank.rescorer.pipeline.ScheduledAnswer;
import org.llmrerank.routing.Cancellation;
import org.llmrerank.scheduler.CapacityEstimator;
import org.llmrerank.scheduler.InferenceScheduler;
import org.llmrerank.scheduler.JobResult;
import org.llmrerank.scheduler.SchedulerConfig;
import org.llmrerank.scheduler.SchedulerPolicy;
import org.llmrerank.scheduler.SchedulerStats;

/**
 * Placement on inference nodes without threads or a network: a fake transport records each send and the test answers
 * it; a fake clock decides the time left. Every passage costs 1 GFLOP and nodes do 1 GFLOP/s, so a reported backlog
 * reads in seconds.
 */
class InferencePlacementTest {

    private static final long S = 1_000_000_000L;
    private static final InferenceNode A = new InferenceNode("id-a", "a");
    private static final InferenceNode B = new InferenceNode("id-b", "b");
    private static final InferenceNode C = new InferenceNode("id-c", "c");

    private final AtomicLong now = new AtomicLong(1_000 * S);
    private final SchedulerStats stats = new SchedulerStats();
    private final FakeTransport transport = new FakeTransport();
    private final InferenceScheduler local = new InferenceScheduler(SchedulerConfig.defaults(SchedulerPolicy.FIFO, 0, 4, null), now::get,
        new CapacityEstimator(1e9), (model, text) -> 1e9, name -> new TextScoreModel(name), stats, Thread::new);
    private final InferencePlacement placement = new InferencePlacement(local, stats, transport, (model, text) -> 1e9, () -> "here",
        () -> false, now::get, PlacementLog.NONE);

    /** One send the test has not answered yet. */
    private record Sent(InferenceNode node, InferenceWork work, long timeoutMillis, Consumer<NodeReply> reply) {
        void answer(NodeAnswer a) {
            reply.accept(new NodeReply.Answered(a));
        }
    }

    private static final class FakeTransport implements InferenceTransport {
        List<InferenceNode> nodes = List.of();
        final List<Sent> sent = new ArrayList<>();

        @Override
        public List<InferenceNode> inferenceNodes() {
            return nodes;
        }

        @Override
        public void send(InferenceNode node, InferenceWork work, long timeoutMillis, Consumer<NodeReply> reply) {
            sent.add(new Sent(node, work, timeoutMillis, reply));
        }

        Sent last() {
            return sent.get(sent.size() - 1);
        }
    }

    /** Scores a passage by its own text, a number. */
    private record TextScoreModel(String name) implements RerankModel {
        @Override
        public Set<Strategy> supportedStrategies() {
            return Set.of(Strategy.POINTWISE);
        }

        @Override
        public PointwiseScores scorePointwise(String query, List<String> passages) {
            float[] s = new float[passages.size()];
            for (int i = 0; i < s.length; i++) {
                s[i] = Float.parseFloat(passages.get(i));
            }
            return new PointwiseScores(s, passages.size() * 1e9, -1, passages.size());
        }
    }

    private static JobResult complete(String model) {
        return new JobResult(new float[] {1, 2}, new int[] {1, 0}, model, 2, 2, JobResult.Outcome.COMPLETE, 2e9, 10, 1000, 0, null);
    }

    private static NodeAnswer answered(double backlogSeconds) {
        return new NodeAnswer(complete("m"), 0, null, (long) (backlogSeconds * S), 1e9);
    }

    private static NodeAnswer rejected(long retryAfterSeconds) {
        return NodeAnswer.rejected(retryAfterSeconds, "queue full", 9 * S, 1e9);
    }

    private final List<Dispatched> answers = new ArrayList<>();

    private void dispatch(long timeoutNanos) {
        dispatch(timeoutNanos, new Cancellation());
    }

    private void dispatch(long timeoutNanos, Cancellation cancellation) {
        placement.dispatch("m", "q", List.of("1", "2"), timeoutNanos, cancellation, answers::add);
    }

    private Dispatched onlyAnswer() {
        assertEquals(1, answers.size(), answers.toString());
        return answers.get(0);
    }

    @Test
    void idleNodesShareTheWorkByRotation() {
        transport.nodes = List.of(A, B, C);
        dispatch(10 * S);
        dispatch(10 * S);
        dispatch(10 * S);
        // all idle and unanswered: each send goes to a node without work in flight from here
        assertEquals(Set.of(A, B, C), Set.of(transport.sent.get(0).node(), transport.sent.get(1).node(), transport.sent.get(2).node()));
        assertEquals(3, stats.dispatchedRemote.sum());
    }

    @Test
    void theLeastPredictedWaitGoesFirstAndFailoverFollowsTheOrder() {
        transport.nodes = List.of(A, B, C);
        // let each node report its backlog: a 5 s, b 1 s, c 3 s
        for (InferenceNode n : List.of(A, B, C)) {
            transport.nodes = List.of(n);
            dispatch(10 * S);
            transport.last().answer(answered(n == A ? 5 : n == B ? 1 : 3));
        }
        transport.nodes = List.of(A, B, C);
        transport.sent.clear();
        answers.clear();
        dispatch(10 * S);
        assertEquals(B, transport.last().node());
        transport.last().reply().accept(new NodeReply.Failed(new RuntimeException("gone")));
        assertEquals(C, transport.last().node());
        transport.last().reply().accept(new NodeReply.Failed(new RuntimeException("gone")));
        assertEquals(A, transport.last().node());
        transport.last().answer(answered(0));
        Dispatched d = onlyAnswer();
        assertEquals("a", d.node());
        assertEquals(2, d.failovers());
        assertEquals(2, stats.failovers.sum());
        assertEquals(2, stats.nodeFailures.sum());
    }

    @Test
    void workInFlightCountsAsLoad() {
        transport.nodes = List.of(A, B);
        dispatch(10 * S); // rotation 0: a first; unanswered, so 2 GFLOP stay in flight there
        assertEquals(A, transport.last().node());
        transport.nodes = List.of(C);
        dispatch(10 * S); // moves the rotation on, so that the next order before sorting is a, b again
        transport.nodes = List.of(A, B);
        dispatch(10 * S);
        assertEquals(B, transport.last().node(), "the node with work in flight from here waits longer");
    }

    @Test
    void failoverSendsTheTimeLeftAndTheResultNamesTheNodeThatRanIt() {
        transport.nodes = List.of(A, B);
        dispatch(2 * S);
        Sent first = transport.last();
        assertEquals(2000 - InferencePlacement.NETWORK_MARGIN_MILLIS, first.work().timeoutMillis());
        assertEquals(2000, first.timeoutMillis(), "the transport waits for the work's time plus the way back");
        now.addAndGet(S / 2);
        first.reply().accept(new NodeReply.Failed(new RuntimeException("connection refused")));
        Sent second = transport.last();
        assertTrue(second.node() != first.node());
        assertEquals(1500 - InferencePlacement.NETWORK_MARGIN_MILLIS, second.work().timeoutMillis());
        second.answer(answered(0));
        Dispatched d = onlyAnswer();
        assertEquals(second.node().name(), d.node());
        assertEquals(1, d.failovers());
        ScheduledAnswer.Scored scored = assertInstanceOf(ScheduledAnswer.Scored.class, d.toAnswer());
        assertEquals(second.node().name(), scored.window().placement().node());
        assertEquals(1, scored.window().placement().failovers());
    }

    @Test
    void everyNodeRejectingIsA429WithTheSoonestRetry() {
        transport.nodes = List.of(A, B);
        List<ScheduledAnswer> got = new ArrayList<>();
        RerankOptions options = new RerankOptions(List.of("i"), "m", "text", Strategy.POINTWISE, Strategy.POINTWISE, 10, 2,
            Double.POSITIVE_INFINITY, 10 * S);
        RerankPlan plan = RerankPlan.of(options, "q", List.of("1", "2"), true, Set.of(Strategy.POINTWISE), true);
        placement.run(plan, 10 * S, new Cancellation(), got::add);
        transport.last().answer(rejected(7));
        transport.last().answer(rejected(3));
        assertEquals(1, got.size());
        ScheduledAnswer.Rejected r = assertInstanceOf(ScheduledAnswer.Rejected.class, got.get(0));
        assertEquals(3, r.retryAfterSeconds());
        assertEquals(1, stats.rejectedToUser.sum());
        assertEquals(0, stats.nodeFailures.sum());
    }

    @Test
    void aRejectionAndAFailureIsANodeFailureNotA429() {
        transport.nodes = List.of(A, B);
        dispatch(10 * S);
        transport.last().answer(rejected(7));
        transport.last().reply().accept(new NodeReply.Failed(new RuntimeException("gone")));
        Dispatched d = onlyAnswer();
        assertEquals(false, d.rejected());
        assertEquals(FallbackCause.NODE_FAILURE, d.cause());
        assertInstanceOf(ScheduledAnswer.NotScored.class, d.toAnswer());
    }

    @Test
    void aNodeThatDoesNotAnswerInTimeIsATimeoutNotAFailure() {
        transport.nodes = List.of(A, B);
        dispatch(10 * S);
        transport.last().reply().accept(new NodeReply.TimedOut(new RuntimeException("no answer")));
        transport.last().reply().accept(new NodeReply.TimedOut(new RuntimeException("no answer")));
        Dispatched d = onlyAnswer();
        assertNull(d.result());
        assertEquals(FallbackCause.TIMEOUT, d.cause());
        assertEquals(0, stats.nodeFailures.sum());
        assertEquals(2, stats.nodeTimeouts.sum());
    }

    @Test
    void everyNodeFailingIsANodeFailure() {
        transport.nodes = List.of(A, B);
        dispatch(10 * S);
        transport.last().reply().accept(new NodeReply.Failed(new RuntimeException("gone")));
        transport.last().reply().accept(new NodeReply.Failed(new RuntimeException("gone")));
        Dispatched d = onlyAnswer();
        assertEquals(FallbackCause.NODE_FAILURE, d.cause());
        assertEquals(2, d.failovers());
        assertEquals(2, stats.nodeFailures.sum());
    }

    @Test
    void noTimeLeftToFailOverIsATimeout() {
        transport.nodes = List.of(A, B);
        dispatch(S);
        now.addAndGet(S); // the deadline has passed when the first node fails
        transport.last().reply().accept(new NodeReply.Failed(new RuntimeException("gone")));
        assertEquals(1, transport.sent.size(), "no second node tried");
        Dispatched d = onlyAnswer();
        assertEquals(FallbackCause.TIMEOUT, d.cause());
    }

    @Test
    void aNodeThatGaveUpItsProgramIsFailedOverWhileAnotherIsLeft() {
        transport.nodes = List.of(A, B);
        dispatch(10 * S);
        JobResult failed = new JobResult(new float[2], new int[] {0, 1}, "m", 0, 0, JobResult.Outcome.FAILED, 0, 0, 0, 0, "shutting down");
        transport.last().answer(new NodeAnswer(failed, 0, null, 0, 1e9));
        transport.last().answer(answered(0));
        Dispatched d = onlyAnswer();
        assertNotNull(d.result());
        assertEquals(JobResult.Outcome.COMPLETE, d.result().outcome());
        assertEquals(1, stats.nodeFailures.sum());
    }

    @Test
    void aCancelledSearchTriesNoFurtherNode() {
        transport.nodes = List.of(A, B);
        Cancellation cancellation = new Cancellation();
        dispatch(10 * S, cancellation);
        cancellation.cancel();
        transport.last().reply().accept(new NodeReply.Failed(new RuntimeException("gone")));
        assertEquals(1, transport.sent.size());
        assertTrue(answers.isEmpty(), "the caller answered already");
    }

    @Test
    void aSendThatThrowsIsAFailedNodeAndIsAnsweredOnce() {
        InferenceTransport throwing = new InferenceTransport() {
            @Override
            public List<InferenceNode> inferenceNodes() {
                return List.of(A);
            }

            @Override
            public void send(InferenceNode node, InferenceWork work, long timeoutMillis, Consumer<NodeReply> reply) {
                reply.accept(new NodeReply.Failed(new RuntimeException("refused")));
                throw new IllegalStateException("and then threw");
            }
        };
        InferencePlacement p = new InferencePlacement(local, stats, throwing, (model, text) -> 1e9, () -> "here", () -> false, now::get,
            PlacementLog.NONE);
        p.dispatch("m", "q", List.of("1"), 10 * S, new Cancellation(), answers::add);
        assertEquals(FallbackCause.NODE_FAILURE, onlyAnswer().cause());
        assertEquals(1, stats.nodeFailures.sum());
    }

    @Test
    void withoutInferenceNodesTheProgramRunsInThisNodesScheduler() {
        dispatch(10 * S);
        assertTrue(transport.sent.isEmpty());
        assertTrue(local.runNext());
        Dispatched d = onlyAnswer();
        assertEquals("here", d.node());
        assertEquals(JobResult.Outcome.COMPLETE, d.result().outcome());
        assertEquals(1, stats.dispatchedLocal.sum());
        assertEquals(false, placement.enabled(), "no policy and no inference node: searches stay off the scheduler");
        transport.nodes = List.of(A);
        assertEquals(true, placement.enabled());
    }

    @Test
    void anInferenceNodeAnswersWithItsLoadOrItsRejection() {
        List<NodeAnswer> got = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            placement.serve(new InferenceWork("m", "q", List.of("1", "2"), 10_000), got::add);
        }
        // the queue holds 4: the fifth is rejected at once, with the backlog of the four ahead
        assertEquals(1, got.size());
        assertTrue(got.get(0).isRejected());
        assertTrue(got.get(0).retryAfterSeconds() >= 1);
        assertTrue(got.get(0).backlogNanos() > 0);
        assertEquals(1e9, got.get(0).flopsPerSecond());
        assertTrue(local.runNext());
        assertEquals(2, got.size());
        assertEquals(JobResult.Outcome.COMPLETE, got.get(1).result().outcome());
    }
}
