package org.llmrerank.rescorer.strategy;

import java.util.List;

/**
 * What {@link CertaintyCascadeExtrapolation} produced (EXTRAPOLATION: Dynasor's certaindex carried over to reranking, our extension).
 *
 * @param order          first-stage positions in their new order, a permutation of 0..n-1
 * @param decisions      every stage's decision, in order
 * @param estimatedFlops estimated FLOPs over all stages
 * @param countedFlops   counted FLOPs over all stages, -1 if any stage could not count
 */
public record CascadeResult(int[] order, List<CascadeDecision> decisions, double estimatedFlops, double countedFlops) {

    public CascadeResult {
        order = order.clone();
        decisions = List.copyOf(decisions);
    }

    @Override
    public int[] order() {
        return order.clone();
    }

    /** True when the cascade stopped because it was certain, before using every refinement stage. */
    public boolean stoppedEarly() {
        return !decisions.isEmpty() && decisions.get(decisions.size() - 1).next() == CascadeDecision.Next.STOP_CERTAIN;
    }

    /** Refinement stages that ran. */
    public int refinements() {
        return (int) decisions.stream().filter(d -> d.stage() > 0 && d.trace() != null).count();
    }
}
