package org.llmrerank.scheduler.placement;

import org.llmrerank.estimator.FlopsEstimator;
import org.llmrerank.routing.BundledModel;
import org.llmrerank.scheduler.CostModel;

/**
 * A pass's FLOPs before the model is loaded on this node: the bundled model's architecture at an approximate token
 * count (about 4 characters per token), or a 33M-parameter encoder for a model this node does not know.
 */
public final class ArchitectureFlops implements CostModel {

    public static final ArchitectureFlops INSTANCE = new ArchitectureFlops();

    private ArchitectureFlops() {}

    @Override
    public double flops(String model, String text) {
        int tokens = (int) Math.min(512, 2 + Math.ceil(text.length() / 4.0));
        return BundledModel.byName(model).map(b -> FlopsEstimator.encoderOnly(b.architecture(), tokens))
            .orElse(2 * 33e6 * tokens);
    }
}
