package org.llmrerank.plugin;

import java.util.Set;
import org.llmrerank.rescorer.ModelException;
import org.llmrerank.rescorer.ModelRegistry;
import org.llmrerank.rescorer.RerankModel;
import org.llmrerank.rescorer.Strategy;
import org.llmrerank.routing.onnx.ExecutionProvider;

/** The real models bundled in the plugin zip (bge-small, all-minilm-l6-v2) and those registered by operators, loaded on first use. */
final class BundledModelProvider implements RerankModelProvider {

    private final ModelRegistry registry;

    BundledModelProvider(int intraOpThreads, ExecutionProvider executionProvider) {
        this.registry = new ModelRegistry(intraOpThreads, ModelRegistry.DEFAULT_MAX_LENGTH, executionProvider);
    }

    @Override
    public Set<String> names() {
        return registry.names();
    }

    @Override
    public Set<Strategy> strategiesOf(String name) {
        return registry.strategiesOf(name);
    }

    @Override
    public RerankModel get(String name) throws ModelException {
        return registry.get(name);
    }

    /** Registers (or replaces) an operator-provided model, loaded on first use. */
    void register(String name, ModelRegistry.Loader loader, java.util.function.Supplier<Set<Strategy>> strategies) {
        registry.register(name, loader, strategies);
    }

    /** Forgets a registered model and frees it if it was loaded. */
    boolean unregister(String name) {
        return registry.unregister(name);
    }

    @Override
    public java.util.Map<String, ModelRegistry.LoadState> loadStates() {
        return registry.loadStates();
    }

    @Override
    public boolean isLoaded(String name) {
        return registry.isLoaded(name);
    }

    @Override
    public void close() {
        registry.close();
    }
}
