package org.llmrerank.rescorer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.llmrerank.routing.Cancellation;

/** The default grouped call (one call per group) and what the registry's forwarding view passes on. */
class PointwiseGroupsTest {

    /** Scores a passage by its length plus the query's, and records each call. */
    private static final class LengthModel implements RerankModel {
        final List<String> calls = new ArrayList<>();

        public String name() {
            return "length";
        }

        public Set<Strategy> supportedStrategies() {
            return Set.of(Strategy.POINTWISE);
        }

        public PointwiseScores scorePointwise(String query, List<String> passages) {
            calls.add(query);
            float[] s = new float[passages.size()];
            for (int i = 0; i < s.length; i++) {
                s[i] = query.length() + passages.get(i).length();
            }
            return new PointwiseScores(s, 10.0 * passages.size(), -1, passages.size());
        }
    }

    @Test
    void theDefaultScoresEachGroupByItsOwnCall() throws Exception {
        LengthModel m = new LengthModel();
        List<PointwiseScores> out = m.scorePointwiseGroups(
            List.of(new PointwiseGroup("q", List.of("a", "bb")), new PointwiseGroup("qqq", List.of("c"))), new Cancellation());
        assertEquals(List.of("q", "qqq"), m.calls);
        assertArrayEquals(new float[] {2, 3}, out.get(0).scores());
        assertEquals(20.0, out.get(0).estimatedFlops());
        assertArrayEquals(new float[] {4}, out.get(1).scores());
        assertFalse(m.batchesAcrossGroups(), "one call per group is no batching");
        Cancellation c = new Cancellation();
        c.cancel();
        assertThrows(ModelException.class, () -> m.scorePointwiseGroups(List.of(new PointwiseGroup("q", List.of("a"))), c));
    }

    @Test
    void aGroupNamesItsBadField() {
        assertTrue(assertThrows(IllegalArgumentException.class, () -> new PointwiseGroup(null, List.of())).getMessage().contains("query"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> new PointwiseGroup("q", null)).getMessage().contains("passages"));
    }

    @Test
    void theForwardingViewPassesGroupedCallsAndTheCapabilityOn() throws Exception {
        RerankModel batching = new RerankModel() {
            public String name() {
                return "b";
            }

            public Set<Strategy> supportedStrategies() {
                return Set.of(Strategy.POINTWISE);
            }

            public PointwiseScores scorePointwise(String q, List<String> p) {
                throw new AssertionError("a batching model is called grouped");
            }

            @Override
            public List<PointwiseScores> scorePointwiseGroups(List<PointwiseGroup> groups, Cancellation c) {
                return groups.stream().map(g -> new PointwiseScores(new float[g.passages().size()], 1, 1, 1)).toList();
            }

            @Override
            public boolean batchesAcrossGroups() {
                return true;
            }
        };
        ForwardingRerankModel view = new ForwardingRerankModel(batching, () -> {});
        assertTrue(view.batchesAcrossGroups());
        assertEquals(2, view.scorePointwiseGroups(List.of(new PointwiseGroup("q", List.of("a")), new PointwiseGroup("r", List.of())),
            new Cancellation()).size());
    }
}
