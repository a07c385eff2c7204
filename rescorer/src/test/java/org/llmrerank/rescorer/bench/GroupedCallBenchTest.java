package org.llmrerank.rescorer.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.llmrerank.estimator.QueryCandidates;
import org.llmrerank.rescorer.ModelException;
import org.llmrerank.rescorer.PointwiseGroup;
import org.llmrerank.rescorer.PointwiseScores;
import org.llmrerank.rescorer.RerankModel;
import org.llmrerank.rescorer.Strategy;
import org.llmrerank.routing.Cancellation;

/** The grouped-call benchmark's bookkeeping on a stand-in model: what it calls, counts and reports (never how fast). */
class GroupedCallBenchTest {

    /** Counts 1e9 FLOPs per passage, plus {@code perCall} per grouped call; records each call's group count. */
    private static final class Counting implements RerankModel {
        final double perCall;
        final List<Integer> calls = new ArrayList<>();

        Counting(double perCall) {
            this.perCall = perCall;
        }

        @Override
        public String name() {
            return "counting";
        }

        @Override
        public Set<Strategy> supportedStrategies() {
            return Set.of(Strategy.POINTWISE);
        }

        @Override
        public PointwiseScores scorePointwise(String query, List<String> passages) {
            return new PointwiseScores(new float[passages.size()], 0, 1e9 * passages.size(), passages.size());
        }

        @Override
        public List<PointwiseScores> scorePointwiseGroups(List<PointwiseGroup> groups, Cancellation cancellation) throws ModelException {
            calls.add(groups.size());
            List<PointwiseScores> out = new ArrayList<>();
            for (PointwiseGroup g : groups) {
                PointwiseScores s = scorePointwise(g.query(), g.passages());
                out.add(new PointwiseScores(s.scores(), 0, s.countedFlops() + perCall / groups.size(), g.passages().size()));
            }
            return out;
        }
    }

    private static List<QueryCandidates> data(int queries, int passages) {
        List<QueryCandidates> out = new ArrayList<>();
        for (int q = 0; q < queries; q++) {
            out.add(new QueryCandidates("q" + q, "query " + q, IntStream.range(0, passages)
                .mapToObj(i -> new QueryCandidates.Candidate("d" + i, passages - i, "passage " + i)).toList()));
        }
        return out;
    }

    @Test
    void everyGroupSizeScoresThePassagesOnceAWarmUpAndOncePerRepetition() throws Exception {
        Counting model = new Counting(0);
        GroupedCallBench.Report r = GroupedCallBench.run(model, data(5, 12), new int[] {1, 2, 4}, 4, 10, 3);
        assertEquals(40, r.passages(), "four queries' top 10");
        assertEquals(40e9, r.countedFlops(), 1e-3);
        assertEquals(List.of(1, 2, 4), r.configs().stream().map(GroupedCallBench.Config::groupsPerCall).toList());
        assertEquals(List.of(4, 2, 1), r.configs().stream().map(GroupedCallBench.Config::calls).toList());
        assertEquals(1.0, r.configs().get(0).ratioToFirst(), 1e-12);
        // (warm-up + 3 repetitions) x (4 calls of 1 + 2 calls of 2 + 1 call of 4)
        assertEquals(4 * 7, model.calls.size());
        assertEquals(4 * (4 + 4 + 4), model.calls.stream().mapToInt(Integer::intValue).sum());
        for (GroupedCallBench.Config c : r.configs()) {
            assertTrue(c.medianSeconds() >= 0 && c.msPerPassage() >= 0, c.toString());
        }
    }

    @Test
    void aModelThatCountsDifferentlyPerGroupingFailsTheRun() {
        IllegalStateException e = assertThrows(IllegalStateException.class,
            () -> GroupedCallBench.run(new Counting(5e8), data(4, 3), new int[] {1, 2}, 4, 3, 1));
        assertTrue(e.getMessage().startsWith("counted FLOPs differ between G = 1 and G = 2"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> GroupedCallBench.run(new Counting(0), data(4, 3), new int[] {3}, 4, 3, 1));
        assertThrows(IllegalArgumentException.class, () -> GroupedCallBench.run(new Counting(0), data(4, 3), new int[] {1}, 5, 3, 1));
    }
}
