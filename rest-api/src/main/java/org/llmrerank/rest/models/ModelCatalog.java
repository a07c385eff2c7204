package org.llmrerank.rest.models;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.function.IntSupplier;
import java.util.function.Predicate;
import java.util.function.Supplier;
import org.llmrerank.rescorer.ModelRegistry;
import org.llmrerank.rest.ApiException;

/**
 * This node's view of model management, handed to the transport actions by the plugin: where the
 * models directory is, the file size and prefix limits, the registrations it has applied and which models it
 * has loaded.
 */
public final class ModelCatalog {

    private final Path modelsPath;
    private final long maxFileBytes;
    private final Supplier<Map<String, ModelSpec>> registered;
    private final Predicate<String> loaded;
    private final IntSupplier maxPrefixChars;

    public ModelCatalog(Path modelsPath, long maxFileBytes, Supplier<Map<String, ModelSpec>> registered, Predicate<String> loaded,
                        IntSupplier maxPrefixChars) {
        this.modelsPath = Objects.requireNonNull(modelsPath);
        this.maxFileBytes = maxFileBytes;
        this.registered = registered;
        this.loaded = loaded;
        this.maxPrefixChars = maxPrefixChars;
    }

    /** Longest query or passage prefix a registration may have now ({@code plugins.llm_rerank.models_max_prefix_chars}). */
    public int maxPrefixChars() {
        return maxPrefixChars.getAsInt();
    }

    public Path modelsPath() {
        return modelsPath;
    }

    public long maxFileBytes() {
        return maxFileBytes;
    }

    public Map<String, ModelSpec> registered() {
        return registered.get();
    }

    public boolean isLoaded(String name) {
        return loaded.test(name);
    }

    /** Every model this node offers ({@link ModelListing#names}), in listing order, with whether it is loaded here. */
    public Map<String, Boolean> loadedHere() {
        Map<String, Boolean> loaded = new LinkedHashMap<>();
        for (String n : ModelListing.names(registered())) {
            loaded.put(n, isLoaded(n));
        }
        return loaded;
    }

    /** @throws ApiException a 404 when {@code name} is neither a bundled model nor registered */
    public void requireListed(String name) {
        if (!ModelRegistry.isBundled(name) && !registered().containsKey(name)) {
            throw ApiException.notFound("model [" + name + "] is neither bundled nor registered");
        }
    }

    /** @throws ApiException a 404 when no registration has {@code name} */
    public void requireRegistered(String name) {
        if (!registered().containsKey(name)) {
            throw ApiException.notFound("model [" + name + "] is not registered");
        }
    }
}
