package org.llmrerank.cli;

import org.llmrerank.estimator.InputException;
import org.llmrerank.rescorer.RerankModel;

/**
 * Opens models through the rescorer's model registry.
 *
 * <p>NOT WIRED YET: {@code org.llmrerank.rescorer.ModelRegistry} is being written in the rescorer
 * module; until it exists every name except {@code bm25} is refused with a clear message.
 */
final class RegistryModels implements ModelProvider {

    @Override
    public RerankModel open(String name) {
        throw new InputException("model '" + name + "' is not available: the rescorer's ModelRegistry is not "
                + "wired into the CLI yet; known: bm25");
    }
}
