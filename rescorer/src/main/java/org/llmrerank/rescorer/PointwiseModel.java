package org.llmrerank.rescorer;

import java.util.List;

/**
 * What scoring passages one by one needs of a model: absolute scores and, where the model can tell, their cost before
 * they are computed. The window rerankers and a model's capabilities hold models by this contract alone; every
 * {@link RerankModel} is one.
 */
public interface PointwiseModel {

    String name();

    /**
     * Absolute relevance scores, one per passage in input order; higher is more relevant.
     * Absolute means comparable across calls, so shard-level or batched scoring merges correctly.
     *
     * @throws ModelException when the model cannot produce scores (the caller falls back)
     */
    PointwiseScores scorePointwise(String query, List<String> passages) throws ModelException;

    /**
     * {@link #scorePointwise(String, List)} that a caller with a deadline can stop from another
     * thread by cancelling {@code cancellation}; a stopped call throws {@link ModelException}
     * (the caller, holding the {@code Cancellation}, knows it was a timeout). Models that cannot
     * be interrupted keep this default: it refuses to start once cancelled, then runs to the end.
     */
    default PointwiseScores scorePointwise(String query, List<String> passages,
                                           org.llmrerank.routing.Cancellation cancellation) throws ModelException {
        if (cancellation.isCancelled()) {
            throw new ModelException("model [" + name() + "]: cancelled before scoring started");
        }
        return scorePointwise(query, passages);
    }

    /**
     * What {@link #scorePointwise} would cost, estimated before running it (tokenizing only), so a
     * FLOPs budget can shorten the window before anything is spent. Empty when the model cannot
     * estimate; a budget then cannot be enforced for it and the caller says so.
     */
    default java.util.Optional<PointwiseCost> estimatePointwise(String query, List<String> passages) {
        return java.util.Optional.empty();
    }

    /**
     * @param fixedFlops   paid once per call whatever the passages (e.g. encoding the query)
     * @param passageFlops per passage, in input order
     */
    record PointwiseCost(double fixedFlops, double[] passageFlops) {}
}
