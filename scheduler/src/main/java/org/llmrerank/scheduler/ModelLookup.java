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
}
