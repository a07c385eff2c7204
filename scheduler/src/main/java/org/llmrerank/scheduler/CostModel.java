package org.llmrerank.scheduler;

/**
 * Predicted FLOPs of one forward pass of a model over one text, known before anything runs (cheap: no model load).
 * The plugin derives it from the model's architecture and an approximate token count.
 */
@FunctionalInterface
public interface CostModel {
    double flops(String model, String text);
}
