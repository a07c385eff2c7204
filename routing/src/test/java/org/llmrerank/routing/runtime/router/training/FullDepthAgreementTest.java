package org.llmrerank.routing.runtime.router.training;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class FullDepthAgreementTest {

    private static final List<Integer> FULL = IntStream.range(0, 30).boxed().toList();
    /** DCG of the full-depth top 10 with gains 10..1: sum of (10 - r) / log2(r + 2). */
    private static final double IDEAL = IntStream.range(0, 10).mapToDouble(r -> (10 - r) / (Math.log(r + 2) / Math.log(2))).sum();

    private static List<Integer> swapped(int i, int j) {
        List<Integer> r = new ArrayList<>(FULL);
        Collections.swap(r, i, j);
        return r;
    }

    @Test
    void fullDepthOrderIsOneAndLossesAreWeighedByRank() {
        assertEquals(1.0, FullDepthAgreement.ndcg(FULL, FULL), 1e-12);
        // ranks 9 and 10 (1-based) swapped: gains 2 and 1 trade places at log2(10) and log2(11)
        double lastSwap = (IDEAL - 2 / log2(10) - 1 / log2(11) + 1 / log2(10) + 2 / log2(11)) / IDEAL;
        assertEquals(lastSwap, FullDepthAgreement.ndcg(FULL, swapped(8, 9)), 1e-12);
        // the first passage pushed out of the top 10 (swapped with rank 11, gain 0)
        double firstOut = (IDEAL - 10) / IDEAL;
        assertEquals(firstOut, FullDepthAgreement.ndcg(FULL, swapped(0, 10)), 1e-12);
        assertTrue(firstOut < lastSwap && lastSwap < 1);
        // below the top 10 nothing counts
        assertEquals(1.0, FullDepthAgreement.ndcg(FULL, swapped(12, 25)), 1e-12);
    }

    @Test
    void randomRankingsStayWithinZeroAndOne() {
        Random random = new Random(7);
        for (int i = 0; i < 200; i++) {
            List<Integer> r = new ArrayList<>(FULL);
            Collections.shuffle(r, random);
            double a = FullDepthAgreement.ndcg(FULL, r);
            assertTrue(a >= 0 && a < 1, "agreement " + a);
        }
    }

    @Test
    void aShortFullDepthListOrNoneAtAll() {
        List<Integer> three = List.of(5, 6, 7);
        assertEquals(1.0, FullDepthAgreement.ndcg(three, List.of(5, 6, 7, 1, 2)), 1e-12);
        double ideal = 10 + 9 / log2(3) + 8 / log2(4);
        assertEquals((9 + 10 / log2(3) + 8 / log2(4)) / ideal, FullDepthAgreement.ndcg(three, List.of(6, 5, 7)), 1e-12);
        assertEquals(0.0, FullDepthAgreement.ndcg(three, List.of(1, 2, 3)), 1e-12);
        assertEquals(1.0, FullDepthAgreement.ndcg(List.of(), List.of(1, 2)), 1e-12);
    }

    private static double log2(double x) {
        return Math.log(x) / Math.log(2);
    }
}
