package org.llmrerank.rescorer;

import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.llmrerank.routing.Cancellation;

/**
 * A model that forwards every call to another and decides only what closing it means: nothing for
 * a registry's shared view (the registry owns the model), closing the registry for a caller that
 * owns one.
 */
public record ForwardingRerankModel(RerankModel delegate, Runnable onClose) implements RerankModel {

    @Override
    public String name() {
        return delegate.name();
    }

    @Override
    public Set<Strategy> supportedStrategies() {
        return delegate.supportedStrategies();
    }

    @Override
    public PointwiseScores scorePointwise(String query, List<String> passages) throws ModelException {
        return delegate.scorePointwise(query, passages);
    }

    @Override
    public PointwiseScores scorePointwise(String query, List<String> passages, Cancellation cancellation) throws ModelException {
        return delegate.scorePointwise(query, passages, cancellation);
    }

    @Override
    public List<PointwiseScores> scorePointwiseGroups(List<PointwiseGroup> groups, Cancellation cancellation) throws ModelException {
        return delegate.scorePointwiseGroups(groups, cancellation);
    }

    @Override
    public boolean batchesAcrossGroups() {
        return delegate.batchesAcrossGroups();
    }

    @Override
    public Optional<PointwiseCost> estimatePointwise(String query, List<String> passages) {
        return delegate.estimatePointwise(query, passages);
    }

    /** The delegate's capabilities, scoring pointwise through this view (so its close rule holds there too). */
    @Override
    public java.util.Optional<org.llmrerank.rescorer.strategy.AvailableModel> capabilities() {
        return delegate.capabilities().map(a -> a.pointwise() == delegate ? a.withPointwise(this) : a);
    }

    @Override
    public long weightBytes() {
        return delegate.weightBytes();
    }

    @Override
    public void close() {
        onClose.run();
    }

    @Override
    public String toString() {
        return delegate.toString();
    }
}
