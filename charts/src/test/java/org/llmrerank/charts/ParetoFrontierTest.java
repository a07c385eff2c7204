package org.llmrerank.charts;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

class ParetoFrontierTest {

    private record P(String name, double cost, double quality) {}

    private static List<String> frontier(P... points) {
        return ParetoFrontier.of(List.of(points), P::cost, P::quality).stream().map(P::name).toList();
    }

    @Test
    void dominatedPointsAreLeftOutAndTheFrontierRunsCheapestFirst() {
        assertEquals(List.of("free", "cheap", "mid", "best"), frontier(
                new P("best", 4, 0.70),
                new P("worse-and-dearer", 5, 0.69),
                new P("cheap", 1, 0.60),
                new P("mid", 2, 0.65),
                new P("dominated-by-mid", 3, 0.64),
                new P("free", 0, 0.50)));
    }

    @Test
    void atEqualCostOnlyTheBetterCountsAndAtEqualQualityOnlyTheCheaper() {
        assertEquals(List.of("a-better"), frontier(new P("a-worse", 1, 0.5), new P("a-better", 1, 0.6)));
        assertEquals(List.of("cheaper"), frontier(new P("dearer", 2, 0.6), new P("cheaper", 1, 0.6)));
    }

    @Test
    void ofTwoIdenticalPointsTheFirstIsKept() {
        assertEquals(List.of("first"), frontier(new P("first", 1, 0.6), new P("second", 1, 0.6)));
    }

    @Test
    void aSinglePointIsItsOwnFrontierAndNoPointsNone() {
        assertEquals(List.of("only"), frontier(new P("only", 3, 0.1)));
        assertEquals(List.of(), frontier());
    }
}
