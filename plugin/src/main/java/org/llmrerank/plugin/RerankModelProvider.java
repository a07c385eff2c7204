package org.llmrerank.plugin;

import java.util.Set;
import org.llmrerank.rescorer.ModelException;
import org.llmrerank.rescorer.RerankModel;
import org.llmrerank.rescorer.Strategy;
import org.llmrerank.rescorer.pipeline.ModelSource;

/** The models this node can run, known without loading them (validation must not load a model). */
public interface RerankModelProvider extends ModelSource, AutoCloseable {

    Set<String> names();

    /** Strategies the named model supports; empty when the name is unknown. */
    @Override
    Set<Strategy> strategiesOf(String name);

    /** Loads on first use, then cached. Called only from the inference executor, never a transport thread. */
    @Override
    RerankModel get(String name) throws ModelException;

    /** Whether the named model is loaded on this node (answers without loading it). */
    default boolean isLoaded(String name) {
        return false;
    }

    /** Load state and memory of each model, for the stats; empty when the provider cannot say. */
    default java.util.Map<String, org.llmrerank.rescorer.ModelRegistry.LoadState> loadStates() {
        return java.util.Map.of();
    }

    @Override
    default void close() {}
}
