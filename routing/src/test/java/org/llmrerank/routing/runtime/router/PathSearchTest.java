package org.llmrerank.routing.runtime.router;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.llmrerank.routing.runtime.LayerPath;

class PathSearchTest {

    @Test
    void actionsAreTheSpecsEditSet() {
        // full path of 3: skip one (3), skip two consecutive (2), repeat one (3)
        assertEquals(8, PathSearch.actions(new int[] {1, 1, 1}).size());
        // nothing to edit once everything is skipped or repeated
        assertEquals(0, PathSearch.actions(new int[] {0, 2, 0}).size());
        assertEquals(LayerPath.of(1, 1, 2), PathSearch.toPath(new int[] {0, 2, 1}));
    }

    @Test
    void findsTheShortestRewardedPathOnAToyReward() {
        // reward 1 iff layers 2 and 4 both run: the optimum is [2, 4], three edits from the root
        PathSearch.Result r = new PathSearch(6, 300, 1).search(
                p -> p.layers().contains(2) && p.layers().contains(4) ? 1 : 0);
        assertEquals(LayerPath.of(2, 4), r.path());
        assertEquals(1.0, r.reward());
    }

    @Test
    void findsARepeatWhenOnlyARepeatIsRewarded() {
        // reward 1 iff layer 1 runs twice (e.g. a task the deeper path solves): optimum [1, 1]
        PathSearch.Result r = new PathSearch(4, 300, 2).search(
                p -> p.layers().stream().filter(l -> l == 1).count() == 2 ? 1 : 0);
        assertEquals(LayerPath.of(1, 1), r.path());
    }

    @Test
    void keepsTheFullPathWhenEveryEditLosesReward() {
        PathSearch.Result r = new PathSearch(4, 50, 3).search(p -> p.equals(LayerPath.full(4)) ? 1 : 0.5);
        assertEquals(LayerPath.full(4), r.path());
        assertEquals(List.of(1, 1, 1, 1), java.util.Arrays.stream(r.counts()).boxed().toList());
    }
}
