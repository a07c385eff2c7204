package org.llmrerank.rescorer.pipeline;

import java.util.List;
import java.util.Objects;
import org.llmrerank.rescorer.Strategy;

/**
 * One search's rerank options after the engine combined the clause, the index settings and the cluster ceilings and
 * validated them: everything the pipeline needs besides the query text and the window.
 *
 * @param indices           the concrete indices searched (for the statistics' breakdown)
 * @param model             registered model name
 * @param field             the field whose text the model reads
 * @param requestedStrategy what the clause or index asked for, e.g. {@code auto}
 * @param strategy          what will run ({@code auto} stays auto: it resolves per query)
 * @param windowSize        how many merged first-stage hits the model may reorder
 * @param topK              positions that must be exact (sorting methods stop once they are placed)
 * @param flopsBudget       FLOPs per query, +infinity when unlimited
 * @param timeoutNanos      how long the model may take before the search keeps first-stage order
 */
public record RerankOptions(List<String> indices, String model, String field, Strategy requestedStrategy, Strategy strategy,
                            int windowSize, int topK, double flopsBudget, long timeoutNanos) {

    public RerankOptions {
        indices = List.copyOf(indices);
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(field, "field");
        Objects.requireNonNull(requestedStrategy, "requestedStrategy");
        Objects.requireNonNull(strategy, "strategy");
        if (windowSize < 0 || topK < 1 || timeoutNanos <= 0 || Double.isNaN(flopsBudget) || flopsBudget < 0) {
            throw new IllegalArgumentException("invalid rerank options: window " + windowSize + ", top_k " + topK + ", timeout "
                + timeoutNanos + "ns, flops_budget " + flopsBudget);
        }
    }

    public boolean budgeted() {
        return Double.isInfinite(flopsBudget) == false;
    }
}
