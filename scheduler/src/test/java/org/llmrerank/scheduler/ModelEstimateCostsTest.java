package org.llmrerank.scheduler;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.llmrerank.rescorer.PointwiseScores;
import org.llmrerank.rescorer.RerankModel;
import org.llmrerank.rescorer.Strategy;

class ModelEstimateCostsTest {

    /** Stand-in whose own estimate is 3 FLOPs per character of a passage and 5 per character of the query. */
    static final RerankModel MODEL = new RerankModel() {
        @Override
        public String name() {
            return "m";
        }

        @Override
        public Set<Strategy> supportedStrategies() {
            return Set.of(Strategy.POINTWISE_EMBEDDING);
        }

        @Override
        public PointwiseScores scorePointwise(String query, List<String> passages) {
            throw new AssertionError("a cost prediction never runs the model");
        }

        @Override
        public Optional<PointwiseCost> estimatePointwise(String query, List<String> passages) {
            return Optional.of(new PointwiseCost(5.0 * query.length(), passages.stream().mapToDouble(p -> 3.0 * p.length()).toArray()));
        }
    };

    @Test
    void aLoadedModelPredictsWithItsOwnEstimate() {
        ModelEstimateCosts costs = new ModelEstimateCosts(name -> Optional.of(MODEL), (m, t) -> -1);
        assertEquals(3.0 * 11, costs.flops("m", "eleven char"), 0);
        assertEquals(5.0 * 4, costs.queryFlops("m", "four"), 0);
    }

    @Test
    void beforeTheModelIsLoadedTheFallbackPredicts() {
        ModelEstimateCosts costs = new ModelEstimateCosts(name -> Optional.empty(), (m, t) -> 2.0 * t.length());
        assertEquals(2.0 * 11, costs.flops("m", "eleven char"), 0);
        assertEquals(2.0 * 4, costs.queryFlops("m", "four"), 0);
    }
}
