package org.llmrerank.rescorer;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A FLOPs budget as users write it: a plain number of FLOPs ({@code 5e12}) or a number with a
 * unit: {@code gf} (1e9), {@code tf} (1e12), {@code pf} (1e15). Case-insensitive; "flops" may be
 * spelled out ({@code 5tflops}).
 */
public final class FlopsBudget {

    private static final Pattern FORMAT =
        Pattern.compile("^\\s*([0-9]*\\.?[0-9]+(?:e[+-]?[0-9]+)?)\\s*(gf|tf|pf|gflops|tflops|pflops|flops)?\\s*$");

    private FlopsBudget() {}

    /**
     * @return the budget in FLOPs
     * @throws IllegalArgumentException with a message naming the accepted forms; negative values are
     *     rejected here (a minus sign never matches the format)
     */
    public static double parse(String text) {
        if (text == null) {
            throw new IllegalArgumentException("a FLOPs budget is required");
        }
        String t = text.trim().toLowerCase(Locale.ROOT);
        if (t.startsWith("-")) {
            throw new IllegalArgumentException("must not be negative, got [" + text + "]");
        }
        Matcher m = FORMAT.matcher(t);
        if (m.matches() == false) {
            throw new IllegalArgumentException(
                "cannot parse [" + text + "]: expected a number of FLOPs (5e12) or a number with a unit gf, tf or pf (5tf)");
        }
        double value = Double.parseDouble(m.group(1));
        String unit = m.group(2) == null ? "flops" : m.group(2);
        double scale = switch (unit) {
            case "gf", "gflops" -> 1e9;
            case "tf", "tflops" -> 1e12;
            case "pf", "pflops" -> 1e15;
            default -> 1.0;
        };
        double flops = value * scale;
        if (Double.isFinite(flops) == false) {
            throw new IllegalArgumentException("is not a finite number: [" + text + "]");
        }
        return flops;
    }

    /** Renders FLOPs in the largest unit that keeps the number at least 1, 4 significant digits (5tf, 2.5pf). */
    public static String format(double flops) {
        double[] scales = {1e15, 1e12, 1e9};
        String[] units = {"pf", "tf", "gf"};
        for (int i = 0; i < scales.length; i++) {
            if (flops >= scales[i]) {
                return compact(flops / scales[i]) + units[i];
            }
        }
        return compact(flops);
    }

    private static String compact(double v) {
        return new java.math.BigDecimal(v).round(new java.math.MathContext(4)).stripTrailingZeros().toPlainString();
    }
}
