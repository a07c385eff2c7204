package org.llmrerank.rescorer.strategy;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/** Parses RankGPT's generated "[2] > [1] > ..." into a window permutation, as llm-rankers does (RankGPT listwise, as in the Setwise paper). */
public final class RankGptOutput {

    private RankGptOutput() {}

    /**
     * Keeps only the digit runs, reads them as 1-based identifiers, drops duplicates and identifiers
     * outside 1..n, then appends the never-mentioned ones in window order. Always a permutation.
     *
     * @return 0-based window indices, most relevant first
     */
    public static int[] parse(String generated, int n) {
        Set<Integer> order = new LinkedHashSet<>();
        List<String> numbers = new ArrayList<>();
        StringBuilder digits = new StringBuilder();
        for (int i = 0; i <= generated.length(); i++) {
            char c = i < generated.length() ? generated.charAt(i) : ' ';
            if (c >= '0' && c <= '9') {
                digits.append(c);
            } else if (digits.length() > 0) {
                numbers.add(digits.toString());
                digits.setLength(0);
            }
        }
        for (String s : numbers) {
            // identifiers longer than 9 digits cannot name a window passage
            if (s.length() <= 9) {
                int id = Integer.parseInt(s) - 1;
                if (id >= 0 && id < n) {
                    order.add(id);
                }
            }
        }
        for (int i = 0; i < n; i++) {
            order.add(i);
        }
        return order.stream().mapToInt(Integer::intValue).toArray();
    }
}
