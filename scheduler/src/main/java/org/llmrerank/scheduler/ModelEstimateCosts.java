package org.llmrerank.scheduler;

import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;
import org.llmrerank.rescorer.PointwiseModel;
import org.llmrerank.rescorer.RerankModel;

/**
 * Predicts a pass's FLOPs with the model's own estimate (its tokenizer and architecture: the estimate the local path and
 * the reported {@code flops_estimated} use) once the model is loaded on this node. Before that, and for a model that
 * cannot estimate, the {@code beforeLoad} prediction stands in: admission runs on threads that must not load a model.
 */
public final class ModelEstimateCosts implements CostModel {

    private final Function<String, Optional<RerankModel>> loaded;
    private final CostModel beforeLoad;

    /**
     * @param loaded     the named model when this node holds it loaded, without loading it
     * @param beforeLoad the prediction used until then
     */
    public ModelEstimateCosts(Function<String, Optional<RerankModel>> loaded, CostModel beforeLoad) {
        this.loaded = Objects.requireNonNull(loaded, "loaded");
        this.beforeLoad = Objects.requireNonNull(beforeLoad, "beforeLoad");
    }

    @Override
    public double flops(String model, String text) {
        Optional<PointwiseModel.PointwiseCost> cost = estimate(model, "", List.of(text));
        // a one-passage estimate: the passage's own pass; its empty query costs the fixed part, which is not this text's
        return cost.map(c -> c.passageFlops()[0]).orElseGet(() -> beforeLoad.flops(model, text));
    }

    @Override
    public double queryFlops(String model, String query) {
        Optional<PointwiseModel.PointwiseCost> cost = estimate(model, query, List.of());
        return cost.map(PointwiseModel.PointwiseCost::fixedFlops).orElseGet(() -> beforeLoad.queryFlops(model, query));
    }

    private Optional<PointwiseModel.PointwiseCost> estimate(String model, String query, List<String> passages) {
        try {
            return loaded.apply(model).flatMap(m -> m.estimatePointwise(query, passages));
        } catch (RuntimeException e) {
            return Optional.empty(); // a model that cannot tokenize this text: the run itself will say so
        }
    }
}
