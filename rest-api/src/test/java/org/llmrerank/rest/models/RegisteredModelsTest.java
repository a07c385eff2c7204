package org.llmrerank.rest.models;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.llmrerank.rescorer.ModelRegistry;
import org.llmrerank.rescorer.Strategy;
import org.llmrerank.rest.ApiException;

class RegisteredModelsTest {

    /** Records what a node's registry is asked to do. */
    private static final class Recording implements RegisteredModels.Target {
        final List<String> calls = new ArrayList<>();

        @Override
        public void register(String name, ModelRegistry.Loader loader, Supplier<Set<Strategy>> strategies) {
            calls.add("register " + name);
        }

        @Override
        public void unregister(String name) {
            calls.add("unregister " + name);
        }
    }

    private final RegisteredModels models = new RegisteredModels(Path.of("/models"), 1024);

    @Test
    void registersNewAndChangedOnesUnregistersRemovedOnesAndLeavesTheRest() {
        Recording target = new Recording();
        ModelSpec a = new ModelSpec("a", "mean", "", "");
        ModelSpec b = new ModelSpec("b", "cls", "", "");
        models.apply(Map.of("a", a, "b", b), target);
        assertEquals(Set.of("register a", "register b"), Set.copyOf(target.calls));

        target.calls.clear();
        models.apply(Map.of("a", a, "b", new ModelSpec("b", "mean", "", ""), "c", a), target);
        assertEquals(Set.of("register b", "register c"), Set.copyOf(target.calls), "a is unchanged");

        target.calls.clear();
        models.apply(Map.of("c", a), target);
        assertEquals(Set.of("unregister a", "unregister b"), Set.copyOf(target.calls));
        assertEquals(Map.of("c", a), models.current());
    }

    @Test
    void routersOverARegistrationReloadWhenTheirBaseChanges() {
        Recording target = new Recording();
        ModelSpec base = new ModelSpec("ce", "mean", "", "");
        ModelSpec routers = new ModelSpec("ce-routers", "mean", "", "", "ce", "");
        models.apply(Map.of("ce", base, "r", routers), target);
        assertEquals(Set.of("register ce", "register r"), Set.copyOf(target.calls));

        target.calls.clear();
        models.apply(Map.of("ce", new ModelSpec("ce-v2", "mean", "", ""), "r", routers), target);
        assertEquals(Set.of("register ce", "register r"), Set.copyOf(target.calls), "the routers run the base's weights");

        target.calls.clear();
        models.apply(Map.of("r", routers), target);
        assertEquals(Set.of("unregister ce", "register r"), Set.copyOf(target.calls), "without their base the routers no longer load");
    }

    @Test
    void neverRegistersABundledName() {
        Recording target = new Recording();
        models.apply(Map.of("bge-small", new ModelSpec("x", "mean", "", "")), target);
        assertEquals(List.of(), target.calls);
    }

    @Test
    void recordsRegistrationsWithoutATarget() {
        ModelSpec a = new ModelSpec("a", "mean", "", "");
        models.apply(Map.of("a", a), null);
        assertEquals(Map.of("a", a), models.current());
    }

    @Test
    void aDeleteClearsEveryKeyOfARegisteredName() {
        models.apply(Map.of("a", new ModelSpec("a", "mean", "", "")), null);
        ModelCatalog catalog = new ModelCatalog(Path.of("/models"), 1024, models::current, n -> false, () -> 1024);
        Map<String, String> cleared = ModelRegistration.delete(catalog, "a");
        assertEquals(ModelSpec.KEYS.size(), cleared.size());
        cleared.forEach((key, value) -> {
            assertTrue(key.startsWith(ModelSpec.SETTINGS_PREFIX + "a."), key);
            assertNull(value);
        });
        assertEquals(404, assertThrows(ApiException.class, () -> ModelRegistration.delete(catalog, "b")).status());
        assertThrows(IllegalArgumentException.class, () -> ModelRegistration.delete(catalog, "bge-small"));
        assertEquals(ModelRegistrationBody.REQUIRED,
            assertThrows(IllegalArgumentException.class, () -> ModelRegistration.put(catalog, "b", null)).getMessage());
        assertTrue(assertThrows(IllegalArgumentException.class, () -> ModelRegistration.put(catalog, "b",
            new ModelSpec("a", "mean", "q".repeat(1025), ""))).getMessage().contains("[query_prefix] is 1025 characters"));
    }
}
