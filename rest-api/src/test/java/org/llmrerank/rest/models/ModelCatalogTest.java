package org.llmrerank.rest.models;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ModelCatalogTest {

    @Test
    void loadedHereListsEveryOfferedModelWithWhetherThisNodeLoadedIt() {
        ModelCatalog catalog = new ModelCatalog(Path.of("models"), 1, () -> Map.of("mine", new ModelSpec("a", "", "", "")),
            n -> n.equals("mine"), () -> 10);
        Map<String, Boolean> loaded = catalog.loadedHere();
        assertEquals(List.copyOf(ModelListing.names(catalog.registered())), List.copyOf(loaded.keySet()));
        assertTrue(loaded.get("mine"));
        assertFalse(loaded.get("bge-small"));
    }
}
