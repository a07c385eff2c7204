package org.llmrerank.rescorer.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Set;
import org.junit.jupiter.api.Test;
import org.llmrerank.rescorer.ModelException;
import org.llmrerank.rescorer.ModelRegistry;
import org.llmrerank.rescorer.Strategy;

/** A registry seen as the pipeline's model source: strategies known without loading, the model loaded on first use. */
class ModelSourceTest {

    @Test
    void answersWithTheRegistrysModelsAndLoadsOnlyOnGet() throws Exception {
        RerankPipelineTest.LengthModel standIn = new RerankPipelineTest.LengthModel();
        try (ModelRegistry registry = new ModelRegistry(1, ModelRegistry.DEFAULT_MAX_LENGTH)) {
            registry.register("len", factory -> standIn, () -> Set.of(Strategy.POINTWISE_EMBEDDING));
            ModelSource source = ModelSource.of(registry);

            assertEquals(Set.of(Strategy.POINTWISE_EMBEDDING), source.strategiesOf("len"));
            assertEquals(Set.of(), source.strategiesOf("no-such-model"));
            assertFalse(registry.isLoaded("len"), "asking for strategies must not load the model");

            assertEquals(standIn.name(), source.get("len").name());
            assertTrue(registry.isLoaded("len"));
            ModelException unknown = assertThrows(ModelException.class, () -> source.get("no-such-model"));
            assertTrue(unknown.getMessage().contains("no-such-model"), unknown.getMessage());
        }
    }
}
