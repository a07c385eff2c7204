package org.llmrerank.cli;

import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.llmrerank.estimator.InputException;
import org.llmrerank.rescorer.ModelException;
import org.llmrerank.rescorer.ModelRegistry;
import org.llmrerank.rescorer.PointwiseScores;
import org.llmrerank.rescorer.RerankModel;
import org.llmrerank.rescorer.Strategy;

/**
 * Opens models through the rescorer's model registry. One command uses one model, so the model
 * handed out owns a registry of its own: closing the model closes the registry and frees its
 * ONNX Runtime session (the registry's shared views do not close anything themselves).
 */
final class RegistryModels implements ModelProvider {

    @Override
    public RerankModel open(String name) {
        ModelRegistry registry = new ModelRegistry();
        if (registry.isKnown(name) == false) {
            throw new InputException("unknown model '" + name + "'; known: bm25, " + String.join(", ", registry.names()));
        }
        try {
            return new Owning(registry.get(name), registry);
        } catch (ModelException e) {
            registry.close();
            throw new InputException("cannot load model '" + name + "': " + e.getMessage());
        }
    }

    /** The registry's model, plus ownership of the registry. */
    private record Owning(RerankModel model, ModelRegistry registry) implements RerankModel {
        @Override
        public String name() {
            return model.name();
        }

        @Override
        public Set<Strategy> supportedStrategies() {
            return model.supportedStrategies();
        }

        @Override
        public PointwiseScores scorePointwise(String query, List<String> passages) throws ModelException {
            return model.scorePointwise(query, passages);
        }

        @Override
        public Optional<PointwiseCost> estimatePointwise(String query, List<String> passages) {
            return model.estimatePointwise(query, passages);
        }

        @Override
        public void close() {
            registry.close();
        }
    }
}
