package org.llmrerank.rest.models;

import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Supplier;
import org.llmrerank.rescorer.ModelRegistry;
import org.llmrerank.rescorer.Strategy;

/**
 * The registrations a node has applied from the cluster state, and their application to the node's models: new or
 * changed ones are (re)registered for lazy loading (their files checked again when they load), removed ones are
 * unloaded. Bundled names are never touched, whatever the settings say.
 */
public final class RegisteredModels {

    /** Where a node's models are registered: the engine's model registry. */
    public interface Target {
        void register(String name, ModelRegistry.Loader loader, Supplier<Set<Strategy>> strategies);

        void unregister(String name);
    }

    private final Path modelsPath;
    private final long maxFileBytes;
    private volatile Map<String, ModelSpec> current = Map.of();

    /**
     * @param modelsPath   the models directory, absolute and normalised: every registration's files must lie below it
     * @param maxFileBytes largest model file a registration may reference
     */
    public RegisteredModels(Path modelsPath, long maxFileBytes) {
        this.modelsPath = modelsPath;
        this.maxFileBytes = maxFileBytes;
    }

    public Path modelsPath() {
        return modelsPath;
    }

    public long maxFileBytes() {
        return maxFileBytes;
    }

    /** The registrations in force on this node. */
    public Map<String, ModelSpec> current() {
        return current;
    }

    /**
     * Makes {@code next} the registrations in force, registering and unregistering on {@code target}.
     *
     * @param target null where the node runs no models of its own (only the registrations are recorded)
     */
    public synchronized void apply(Map<String, ModelSpec> next, Target target) {
        Map<String, ModelSpec> previous = current;
        if (target != null) {
            for (String name : previous.keySet()) {
                if (!next.containsKey(name)) {
                    target.unregister(name);
                }
            }
            for (Map.Entry<String, ModelSpec> e : next.entrySet()) {
                String name = e.getKey();
                ModelSpec spec = e.getValue();
                if ((!spec.equals(previous.get(name)) || baseChanged(spec, previous, next)) && !ModelRegistry.isBundled(name)) {
                    // routers over a registered model find it among the registrations in force when they load
                    target.register(name, factory -> ModelFiles.load(modelsPath, name, spec, maxFileBytes, factory, current),
                        () -> ModelFiles.strategiesOf(modelsPath, spec, current));
                }
            }
        }
        current = Map.copyOf(next);
    }

    /** Routers over a registered model reload when that registration changes or goes: they run its weights. */
    private static boolean baseChanged(ModelSpec spec, Map<String, ModelSpec> previous, Map<String, ModelSpec> next) {
        return spec.routesBase() && !Objects.equals(previous.get(spec.base()), next.get(spec.base()));
    }
}
