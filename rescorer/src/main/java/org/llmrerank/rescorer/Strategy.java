package org.llmrerank.rescorer;

import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.llmrerank.estimator.RerankMethod;

/**
 * What a clause may ask for ({@code "strategy": "setwise.heapsort"}), derived from the estimator's {@link RerankMethod}s:
 * a strategy names the methods that can run it, so a method is costed, chosen and run under one name. Most strategies
 * run exactly one method and carry its name; {@code listwise} runs either listwise method, {@code pointwise} whichever
 * pointwise method the model has, and {@code auto} whichever method {@code strategy: auto} chooses. TourRank and ICR are
 * methods the estimator costs but no strategy runs.
 */
public enum Strategy {
    AUTO("auto"),
    POINTWISE("pointwise"),
    POINTWISE_EMBEDDING(RerankMethod.POINTWISE_EMBEDDING),
    POINTWISE_CROSS_ENCODER(RerankMethod.POINTWISE_CROSS_ENCODER),
    POINTWISE_YES_NO(RerankMethod.POINTWISE_YES_NO),
    POINTWISE_QLM(RerankMethod.POINTWISE_QLM),
    SETWISE_HEAPSORT(RerankMethod.SETWISE_HEAPSORT),
    SETWISE_BUBBLESORT(RerankMethod.SETWISE_BUBBLESORT),
    /** The model's own listwise method (RankGPT generation) when it has one, else listwise.likelihood over its setwise scorer. */
    LISTWISE("listwise", RerankMethod.LISTWISE_GENERATION, RerankMethod.LISTWISE_LIKELIHOOD),
    PAIRWISE_ALLPAIR(RerankMethod.PAIRWISE_ALLPAIR),
    PAIRWISE_HEAPSORT(RerankMethod.PAIRWISE_HEAPSORT),
    PAIRWISE_BUBBLESORT(RerankMethod.PAIRWISE_BUBBLESORT);

    private final String clauseName;
    private final List<RerankMethod> methods;

    Strategy(RerankMethod method) {
        this(method.methodName(), method);
    }

    Strategy(String clauseName, RerankMethod... methods) {
        this.clauseName = clauseName;
        this.methods = List.of(methods);
    }

    public String clauseName() {
        return clauseName;
    }

    /**
     * The methods that run this strategy, the preferred first; empty for {@code auto} and {@code pointwise}, which
     * stand for a method only a model or the chooser can name.
     */
    public List<RerankMethod> methods() {
        return methods;
    }

    /** Scores are absolute per passage, so they can be computed in any grouping and merged. */
    public boolean isPointwise() {
        return clauseName.startsWith("pointwise");
    }

    /** The strategy that runs {@code method}; both listwise methods are the clause's {@code listwise}. */
    public static Strategy of(RerankMethod method) {
        return Arrays.stream(values()).filter(s -> s.methods.contains(method)).findFirst()
            .orElseThrow(() -> new IllegalArgumentException(method + " has no clause strategy"));
    }

    /**
     * The strategies a model that runs {@code methods} can serve: one per method, plus {@code pointwise} when one of
     * them is pointwise. Methods without a strategy (TourRank, ICR) add none.
     */
    public static Set<Strategy> runnableWith(Collection<RerankMethod> methods) {
        EnumSet<Strategy> s = EnumSet.noneOf(Strategy.class);
        for (Strategy strategy : values()) {
            if (strategy.methods.stream().anyMatch(methods::contains)) {
                s.add(strategy);
                if (strategy.isPointwise()) {
                    s.add(POINTWISE);
                }
            }
        }
        return Collections.unmodifiableSet(s);
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
