package org.llmrerank.rescorer;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Reranking strategies, named as in the clause ({@code "strategy": "setwise.heapsort"}).
 * Names follow the E2R-FLOPs / Setwise papers' method names.
 */
public enum Strategy {
    AUTO("auto"),
    POINTWISE("pointwise"),
    POINTWISE_EMBEDDING("pointwise.embedding"),
    POINTWISE_YES_NO("pointwise.yes_no"),
    POINTWISE_QLM("pointwise.qlm"),
    SETWISE_HEAPSORT("setwise.heapsort"),
    SETWISE_BUBBLESORT("setwise.bubblesort"),
    LISTWISE("listwise"),
    PAIRWISE_ALLPAIR("pairwise.allpair"),
    PAIRWISE_HEAPSORT("pairwise.heapsort"),
    PAIRWISE_BUBBLESORT("pairwise.bubblesort");

    private final String clauseName;

    Strategy(String clauseName) {
        this.clauseName = clauseName;
    }

    public String clauseName() {
        return clauseName;
    }

    /** Scores are absolute per passage, so they can be computed in any grouping and merged. */
    public boolean isPointwise() {
        return clauseName.startsWith("pointwise");
    }

    public static Optional<Strategy> fromClauseName(String name) {
        if (name == null) {
            return Optional.empty();
        }
        String n = name.trim().toLowerCase(Locale.ROOT);
        return Arrays.stream(values()).filter(s -> s.clauseName.equals(n)).findFirst();
    }

    public static String allNames() {
        return Arrays.stream(values()).map(Strategy::clauseName).collect(Collectors.joining(", "));
    }

    @Override
    public String toString() {
        return clauseName;
    }
}
