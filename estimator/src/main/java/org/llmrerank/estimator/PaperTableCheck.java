package org.llmrerank.estimator;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.List;

/**
 * Recomputes every PFLOPs cell of the paper's table as #LLM × C(In, Out) / 1e15 (E2R-FLOPs, RPP and QPP) with the
 * paper's accounting (2-matrix FFN, GQA-scaled attention, no LM head) and classifies the
 * difference to the printed value.
 */
public final class PaperTableCheck {

    /** Relative difference accepted as agreement. */
    public static final double TOLERANCE = 0.02;

    /** How a recomputed cell relates to the printed one. */
    public enum Verdict {
        /** Within {@link #TOLERANCE}. */
        MATCH,
        /**
         * Outside the tolerance only because the paper prints 3 decimals: the recomputed value
         * rounds or truncates to exactly the printed one (E2R-FLOPs, RPP and QPP: "last-digit differences ... look
         * like truncation").
         */
        ROUNDED,
        /** Outside the tolerance, but the cell's note marks it as a typo / garbled, with its reason. */
        SPEC_NOTED,
        MISMATCH
    }

    public record Row(PaperTable.Cell cell, double recomputedPflops, double relativeDifference, Verdict verdict,
                      CallCount predictedCalls) {

        public boolean acceptable() {
            return verdict != Verdict.MISMATCH;
        }
    }

    private PaperTableCheck() {}

    public static List<Row> check(List<PaperTable.Cell> cells) {
        return cells.stream().map(PaperTableCheck::check).toList();
    }

    public static Row check(PaperTable.Cell c) {
        Architecture paper = Presets.get(c.preset()).withFfnMatrices(2);
        double pf = c.calls() * FlopsEstimator.call(paper, c.promptTokens(), c.outputTokens()) / 1e15;
        double rel = (pf - c.printedPflops()) / c.printedPflops();
        Verdict v;
        if (Math.abs(rel) <= TOLERANCE) {
            v = Verdict.MATCH;
        } else if (printsAs(pf, c.printedPflops())) {
            v = Verdict.ROUNDED;
        } else if (!c.note().isEmpty()) {
            v = Verdict.SPEC_NOTED;
        } else {
            v = Verdict.MISMATCH;
        }
        CallCount predicted = StrategyCostModel.callCount(c.method(), CostParams.defaults());
        return new Row(c, pf, rel, v, predicted);
    }

    /** Whether the value rounds or truncates to the printed 3-decimal number. */
    public static boolean printsAs(double value, double printed) {
        return roundsTo(value, printed) || truncatesTo(value, printed);
    }

    public static boolean roundsTo(double value, double printed) {
        return BigDecimal.valueOf(value).setScale(3, RoundingMode.HALF_UP).compareTo(threeDecimals(printed)) == 0;
    }

    public static boolean truncatesTo(double value, double printed) {
        return BigDecimal.valueOf(value).setScale(3, RoundingMode.DOWN).compareTo(threeDecimals(printed)) == 0;
    }

    private static BigDecimal threeDecimals(double printed) {
        return BigDecimal.valueOf(printed).setScale(3, RoundingMode.HALF_UP);
    }
}
