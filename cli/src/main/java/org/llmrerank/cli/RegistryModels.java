package org.llmrerank.cli;

import org.llmrerank.estimator.InputException;
import org.llmrerank.rescorer.ModelException;
import org.llmrerank.rescorer.ModelRegistry;
import org.llmrerank.rescorer.RerankModel;

/**
 * Opens models through the rescorer's model registry. The caller owns the model it gets: closing
 * it releases its ONNX Runtime session (one command, one model).
 */
final class RegistryModels implements ModelProvider {

    private final ModelRegistry registry = new ModelRegistry();

    @Override
    public RerankModel open(String name) {
        if (registry.isKnown(name) == false) {
            throw new InputException("unknown model '" + name + "'; known: bm25, " + String.join(", ", registry.names()));
        }
        try {
            return registry.get(name);
        } catch (ModelException e) {
            throw new InputException("cannot load model '" + name + "': " + e.getMessage());
        }
    }
}
