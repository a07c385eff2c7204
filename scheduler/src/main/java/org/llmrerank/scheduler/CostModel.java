package org.llmrerank.scheduler;

/**
 * Predicted FLOPs of one forward pass of a model over one text, known before anything runs (cheap: never loads a model).
 */
@FunctionalInterface
public interface CostModel {

    /** A passage's pass. */
    double flops(String model, String text);

    /** The query's pass (a model may encode a query differently from a passage, e.g. with an instruction prefix). */
    default double queryFlops(String model, String query) {
        return flops(model, query);
    }
}
