package org.llmrerank.rescorer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

class ModelRegistryTest {

    @Test
    void knowsItsModelsWithoutLoadingThem() throws Exception {
        try (ModelRegistry registry = new ModelRegistry()) {
            // routed-runtime models are offered where their engine and fp32 graph are on the classpath (this module's tests have both)
            List<String> expected = new java.util.ArrayList<>(List.of("bge-small", "all-minilm-l6-v2", "bge-small-routed-int8"));
            if (org.llmrerank.routing.runtime.RoutedBundledModel.BGE_SMALL.runtimeAvailable()) {
                expected.add("bge-small-routed");
            }
            assertEquals(expected, List.copyOf(registry.names()));
            assertTrue(registry.isKnown("bge-small"));
            assertTrue(registry.isKnown(" BGE-small "));
            assertFalse(registry.isKnown("gpt-4"));
            assertFalse(registry.isKnown(null));
            assertEquals(Set.of(Strategy.POINTWISE, Strategy.POINTWISE_EMBEDDING), registry.strategiesOf("all-minilm-l6-v2"));
            assertEquals(Set.of(), registry.strategiesOf("gpt-4"));
            assertFalse(registry.isLoaded("bge-small"));
            ModelException e = assertThrows(ModelException.class, () -> registry.get("gpt-4"));
            assertTrue(e.getMessage().contains("gpt-4") && e.getMessage().contains("bge-small")
                    && e.getMessage().contains("all-minilm-l6-v2"), e.getMessage());
        }
    }

    @Test
    void concurrentFirstUsesLoadOneSharedModel() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(6);
        ModelRegistry registry = new ModelRegistry(new ModelRegistry.Options(1, 128, 1, false));
        try {
            List<Future<RerankModel>> gets = new ArrayList<>();
            for (int i = 0; i < 6; i++) {
                gets.add(pool.submit(() -> registry.get("all-minilm-l6-v2")));
            }
            RerankModel first = gets.get(0).get();
            for (Future<RerankModel> f : gets) {
                assertSame(first, f.get());
            }
            assertTrue(registry.isLoaded("all-minilm-l6-v2"));
            assertFalse(registry.isLoaded("bge-small"));
            assertEquals("all-minilm-l6-v2", first.name());

            first.close(); // a caller's close must not free the shared session
            assertEquals(2, first.scorePointwise("flea", List.of("fleas bite", "paris")).scores().length);

            registry.close();
            assertFalse(registry.isLoaded("all-minilm-l6-v2"));
            assertThrows(ModelException.class, () -> registry.get("all-minilm-l6-v2"));
            ModelException e = assertThrows(ModelException.class, () -> first.scorePointwise("flea", List.of("fleas")));
            assertTrue(e.getMessage().contains("closed"), e.getMessage());
        } finally {
            registry.close(); // idempotent
            pool.shutdownNow();
        }
    }

    @Test
    void optionsAreValidated() {
        assertThrows(IllegalArgumentException.class, () -> new ModelRegistry.Options(-1, 512, 1, false));
        assertThrows(IllegalArgumentException.class, () -> new ModelRegistry.Options(1, 2, 1, false));
        assertThrows(IllegalArgumentException.class, () -> new ModelRegistry.Options(1, 512, 0, false));
    }
}
