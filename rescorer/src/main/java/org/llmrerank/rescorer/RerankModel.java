package org.llmrerank.rescorer;

import java.util.List;
import java.util.Set;

/**
 * A language model that can judge passages for a query. Strategies (pointwise, setwise, ...) are
 * written against this interface only, so an ONNX Runtime model, the routed runtime and a test
 * oracle are interchangeable.
 *
 * <p>Implementations must be thread-safe: the plugin calls one instance from several search
 * threads at once.
 */
public interface RerankModel extends PointwiseModel, AutoCloseable {

    /**
     * The clause strategies this model serves (a bi-encoder only pointwise by embedding): what its
     * {@link #capabilities()} run, so the two cannot disagree. Only a model without capabilities states them itself;
     * without either it serves the plain {@code pointwise} call.
     */
    default Set<Strategy> supportedStrategies() {
        return capabilities().map(org.llmrerank.rescorer.strategy.AvailableModel::strategies).orElse(Set.of(Strategy.POINTWISE));
    }

    /**
     * Scores several searches' (query, passages) groups in one call: one {@link PointwiseScores} per
     * group, in order, each with that group's own scores, FLOPs, tokens and layer use, exactly as a
     * separate {@link #scorePointwise} call of the group would report them. This default makes one
     * call per group, which is correct for every model; a model that really runs all groups through
     * one engine call (continuous batching across searches) overrides it and says so in
     * {@link #batchesAcrossGroups()}. Cancelling {@code cancellation} stops the whole call: no group
     * gets scores then.
     *
     * @throws ModelException when the model cannot produce scores for every group (the callers fall back)
     */
    default java.util.List<PointwiseScores> scorePointwiseGroups(java.util.List<PointwiseGroup> groups,
                                                                 org.llmrerank.routing.Cancellation cancellation)
            throws ModelException {
        java.util.List<PointwiseScores> out = new java.util.ArrayList<>(groups.size());
        for (PointwiseGroup g : groups) {
            out.add(scorePointwise(g.query(), g.passages(), cancellation));
        }
        return out;
    }

    /**
     * Whether {@link #scorePointwiseGroups} runs the groups together (one engine call, bigger batches)
     * rather than one after another. A scheduler batches searches only for such models: for the
     * others grouping would only interleave searches without saving anything.
     */
    default boolean batchesAcrossGroups() {
        return false;
    }

    /**
     * What this model can run beyond a plain pointwise call (setwise, pairwise, listwise for a language model; for a
     * bi-encoder, pointwise by embedding), with its architecture and tokenizer, so {@code strategy: auto} can predict
     * each method's FLOPs at the request's real token counts. Empty for models that only score pointwise and cannot
     * say what that costs (test stand-ins).
     */
    default java.util.Optional<org.llmrerank.rescorer.strategy.AvailableModel> capabilities() {
        return java.util.Optional.empty();
    }

    /**
     * Bytes of weights this model holds once loaded (the size of its graph or weight files), for the
     * stats' model memory; -1 when unknown. Engine workspace and activations come on top.
     */
    default long weightBytes() {
        return -1;
    }

    @Override
    default void close() {}
}
