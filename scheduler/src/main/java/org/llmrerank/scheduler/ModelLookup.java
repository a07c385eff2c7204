package org.llmrerank.scheduler;

import org.llmrerank.rescorer.ModelException;
import org.llmrerank.rescorer.RerankModel;

/** The models the scheduler can run, by name; may load on first use (always called on a worker thread). */
@FunctionalInterface
public interface ModelLookup {
    RerankModel get(String name) throws ModelException;

    /** The named model when it is loaded on this node already; never loads. */
    default java.util.Optional<RerankModel> ifLoaded(String name) {
        return java.util.Optional.empty();
    }

    /** The models of {@code registry}: loaded on first use, and known as loaded without loading them. */
    static ModelLookup of(org.llmrerank.rescorer.ModelRegistry registry) {
        return new ModelLookup() {
            @Override
            public RerankModel get(String name) throws ModelException {
                return registry.get(name);
            }

            @Override
            public java.util.Optional<RerankModel> ifLoaded(String name) {
                if (registry.isLoaded(name) == false) {
                    return java.util.Optional.empty();
                }
                try {
                    return java.util.Optional.of(registry.get(name));
                } catch (ModelException e) {
                    return java.util.Optional.empty();
                }
            }
        };
    }
}
