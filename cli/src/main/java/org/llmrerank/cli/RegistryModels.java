package org.llmrerank.cli;

import org.llmrerank.estimator.InputException;
import org.llmrerank.rescorer.ForwardingRerankModel;
import org.llmrerank.rescorer.ModelException;
import org.llmrerank.rescorer.ModelRegistry;
import org.llmrerank.rescorer.RerankModel;

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
            return new ForwardingRerankModel(registry.get(name), registry::close);
        } catch (ModelException e) {
            registry.close();
            throw new InputException("cannot load model '" + name + "': " + e.getMessage());
        }
    }
}
