package org.llmrerank.estimator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class EfficiencyAndPaperTableTest {

    @Test
    void rppAndQppAreRatiosOfMeans() {
        // E2R-FLOPs, RPP and QPP: Flan-T5-large pointwise.yes_no .654 / 0.009 = 72.67, QPP 111.1; setwise.heapsort 26.8 / 40.0
        assertEquals(72.67, Efficiency.rpp(0.654, 0.009e15), 0.005);
        assertEquals(111.1, Efficiency.qpp(0.009e15), 0.05);
        assertEquals(26.8, Efficiency.rpp(0.670, 0.025e15), 1e-9);
        assertEquals(40.0, Efficiency.qpp(0.025e15), 1e-9);
        // the mean of per-query ratios differs from the ratio of means
        double perQueryMean = (Efficiency.rppOfQuery(0.5, 1e15) + Efficiency.rppOfQuery(0.5, 3e15)) / 2;
        assertTrue(Math.abs(perQueryMean - Efficiency.rpp(0.5, 2e15)) > 0.05);
        assertThrows(IllegalArgumentException.class, () -> Efficiency.qpp(0));
    }

    @Test
    void everyDl19CellIsReproducedOrExplained() {
        List<PaperTableCheck.Row> rows = PaperTableCheck.check(PaperTable.load("dl19"));
        assertEquals(29, rows.size());
        assertTrue(rows.stream().allMatch(PaperTableCheck.Row::acceptable));
        PaperTableCheck.Row yesNo = rows.stream().filter(r -> r.cell().preset().equals("flan-t5-large")
                && r.cell().method() == RerankMethod.POINTWISE_YES_NO).findFirst().orElseThrow();
        // E2R-FLOPs, RPP and QPP: computes to 0.0096 but is printed as 0.009
        assertEquals(PaperTableCheck.Verdict.ROUNDED, yesNo.verdict());
        assertEquals(0.00958, yesNo.recomputedPflops(), 1e-5);
        assertEquals(1, rows.stream().filter(r -> r.verdict() != PaperTableCheck.Verdict.MATCH).count());
    }

    @Test
    void aWrongCellIsAMismatch() {
        PaperTable.Cell wrong = new PaperTable.Cell("flan-t5-large", RerankMethod.SETWISE_HEAPSORT, 0.67, 125.4,
                322.65, 5, 0.030, "");
        assertEquals(PaperTableCheck.Verdict.MISMATCH, PaperTableCheck.check(wrong).verdict());
        PaperTable.Cell noted = new PaperTable.Cell("flan-t5-large", RerankMethod.SETWISE_HEAPSORT, 0.67, 125.4,
                322.65, 5, 0.030, "typo");
        assertEquals(PaperTableCheck.Verdict.SPEC_NOTED, PaperTableCheck.check(noted).verdict());
        assertFalse(PaperTableCheck.printsAs(0.0251, 0.026));
        assertTrue(PaperTableCheck.truncatesTo(0.00958, 0.009));
        assertFalse(PaperTableCheck.roundsTo(0.00958, 0.009));
        assertThrows(InputException.class, () -> PaperTable.load("dl20"));
    }
}
