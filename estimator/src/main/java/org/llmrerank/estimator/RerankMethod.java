package org.llmrerank.estimator;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The reranking methods whose cost the estimator predicts, named as in the E2R-FLOPs and Setwise
 * papers (E2R-FLOPs, results, B). Plain names so this module needs no dependency on the rescorer.
 */
public enum RerankMethod {
    POINTWISE_YES_NO("pointwise.yes_no"),
    POINTWISE_QLM("pointwise.qlm"),
    /** Bi-encoder: one query encoding plus one encoding per passage, scored by similarity. */
    POINTWISE_EMBEDDING("pointwise.embedding"),
    /**
     * Cross-encoder: one forward pass over the query and a passage together per passage, scored by its classification
     * head's logit.
     */
    POINTWISE_CROSS_ENCODER("pointwise.cross_encoder"),
    PAIRWISE_ALLPAIR("pairwise.allpair"),
    PAIRWISE_HEAPSORT("pairwise.heapsort"),
    PAIRWISE_BUBBLESORT("pairwise.bubblesort"),
    LISTWISE_GENERATION("listwise.generation"),
    LISTWISE_LIKELIHOOD("listwise.likelihood"),
    SETWISE_HEAPSORT("setwise.heapsort"),
    SETWISE_BUBBLESORT("setwise.bubblesort"),
    TOURRANK("tourrank"),
    /** In-context reranking from attention (the E2R paper's "IRL"): two forward passes per query. */
    ICR("icr");

    private final String methodName;

    RerankMethod(String methodName) {
        this.methodName = methodName;
    }

    public String methodName() {
        return methodName;
    }

    /** Whether a call generates tokens; scoring-by-logits methods have Out = 0 (E2R-FLOPs, prompt and output tokens per method). */
    public boolean generates() {
        return switch (this) {
            case PAIRWISE_ALLPAIR, PAIRWISE_HEAPSORT, PAIRWISE_BUBBLESORT, LISTWISE_GENERATION,
                 SETWISE_HEAPSORT, SETWISE_BUBBLESORT, TOURRANK -> true;
            default -> false;
        };
    }

    /**
     * Parses a method name. {@code listwise} is accepted for {@code listwise.generation} (RankGPT's
     * sliding window, the paper's default listwise method) and {@code irl} for {@code icr}.
     */
    public static Optional<RerankMethod> fromName(String name) {
        if (name == null) {
            return Optional.empty();
        }
        String n = name.trim().toLowerCase(Locale.ROOT);
        if (n.equals("listwise")) {
            return Optional.of(LISTWISE_GENERATION);
        }
        if (n.equals("irl")) {
            return Optional.of(ICR);
        }
        return Arrays.stream(values()).filter(m -> m.methodName.equals(n)).findFirst();
    }

    public static RerankMethod parse(String name) {
        return fromName(name).orElseThrow(() -> new IllegalArgumentException(
                "unknown method '" + name + "'; known: " + allNames()));
    }

    public static String allNames() {
        return Arrays.stream(values()).map(RerankMethod::methodName).collect(Collectors.joining(", "));
    }

    @Override
    public String toString() {
        return methodName;
    }
}
