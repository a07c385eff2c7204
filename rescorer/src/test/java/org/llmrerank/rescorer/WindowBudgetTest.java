package org.llmrerank.rescorer;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class WindowBudgetTest {

    @Test
    void longestPrefixThatFits() {
        double[] costs = {10, 20, 30, 40};
        assertEquals(4, WindowBudget.fit(5, costs, Double.POSITIVE_INFINITY));
        assertEquals(4, WindowBudget.fit(5, costs, 105));
        assertEquals(3, WindowBudget.fit(5, costs, 104.9));
        assertEquals(1, WindowBudget.fit(5, costs, 15));
        assertEquals(0, WindowBudget.fit(5, costs, 14));
        assertEquals(0, WindowBudget.fit(5, costs, 0));
        // a cheap passage after an expensive one is not taken out of order
        assertEquals(1, WindowBudget.fit(0, new double[] {1, 100, 1}, 50));
    }
}
