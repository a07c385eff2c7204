package org.llmrerank.rest.models;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.llmrerank.rest.ApiException;
import org.llmrerank.routing.runtime.RoutedBundledModel;

class ModelRegistrationBodyTest {

    private static Map<String, Object> body(Object... kv) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put((String) kv[i], kv[i + 1]);
        }
        return m;
    }

    private static List<String> errors(String name, Map<String, Object> body) {
        ApiException e = assertThrows(ApiException.class, () -> ModelRegistrationBody.parse(name, body));
        assertEquals(400, e.status());
        return e.messages();
    }

    @Test
    void aValidBodyIsTheSpec() {
        assertEquals(new ModelSpec("minilm", "cls", "q: ", "p: "),
            ModelRegistrationBody.parse("m1", body("path", "minilm", "pooling", "CLS", "query_prefix", "q: ", "passage_prefix", "p: ")));
        String base = RoutedBundledModel.names().iterator().next();
        ModelSpec routed = ModelRegistrationBody.parse("r1", body("path", "routers", "base", base, "router_knob", -0.5));
        assertEquals(-0.5, routed.knob());
        assertTrue(routed.routesBase());
        ModelSpec layered = ModelRegistrationBody.parse("r2", body("path", "routers", "base", "bge-small-routed-int8"));
        assertTrue(layered.routesBase());
    }

    @Test
    void everyErrorOfTheBodyAndTheNameIsReportedAtOnce() {
        List<String> e = errors("Bad.Name", body("bogus", 1, "pooling", "max", "path", "../x", "query_prefix", 7,
            "passage_prefix", "p".repeat(ModelSpec.MAX_PREFIX_CHARS_CEILING + 1), "router_knob", 2));
        assertEquals(List.of(
            "model name [Bad.Name] is invalid: use 1-64 of [a-z0-9_-], starting with a letter or digit",
            "unknown field [bogus]; expected " + ModelSpec.KEYS,
            "[query_prefix] must be a string",
            "[pooling] must be [cls] or [mean], got [max]",
            "[path] must not contain [..] (path traversal), got [../x]",
            "[passage_prefix] is 16385 characters, over the limit of 16384 (the ceiling of any registration)",
            "[router_knob] applies to routers only: give [base], the model they route"), e);
    }

    @Test
    void aSingleErrorReadsAsItAlwaysDid() {
        assertEquals(List.of("model [bge-small] is bundled with the plugin and cannot be overwritten or deleted"),
            errors("bge-small", body("path", "x")));
        assertEquals(List.of("[path] must be relative to [plugins.llm_rerank.models_path], got absolute [/etc]"),
            errors("m1", body("path", "/etc")));
        assertEquals(List.of("[path] is required: a directory relative to [plugins.llm_rerank.models_path]"), errors("m1", body()));
        String base = RoutedBundledModel.names().iterator().next();
        assertEquals(List.of("[router_knob] must be a number in [-1, 1], got [x]"),
            errors("m1", body("path", "r", "base", base, "router_knob", "x")));
        assertEquals(List.of("[base] must be a bundled model of the routed runtime " + ModelSpec.routedBases()
                + " or a registered safetensors cross-encoder, got [bge-small]"),
            errors("m1", body("path", "r", "base", "bge-small")));
        assertTrue(ModelSpec.routedBases().contains("bge-small-routed-int8"));
        assertEquals(List.of("[base] must be a bundled model of the routed runtime " + ModelSpec.routedBases()
                + " or a registered safetensors cross-encoder, got [No Pe]"),
            errors("m1", body("path", "r", "base", "No Pe")));
        // a name a registration can take is looked up when the files are checked
        assertEquals("nope", ModelRegistrationBody.parse("m1", body("path", "r", "base", "nope")).base());
    }

    @Test
    void aFieldOfTheWrongTypeIsReportedOnceNotAlsoAsMissing() {
        assertEquals(List.of("[path] must be a string"), errors("m1", body("path", 5)));
        assertEquals(List.of("[path] must be a string", "[pooling] must be a string"), errors("m1", body("path", null, "pooling", List.of())));
    }

    @Test
    void registrationsInTheSettingsAreReadAndCheckedAsTheSettingsValidator() {
        Map<String, String> group = new TreeMap<>(Map.of("m1.path", "a", "m1.pooling", "cls", "m2.path", "b"));
        Map<String, ModelSpec> specs = ModelSpec.fromGroup(group, true);
        assertEquals(List.of("m1", "m2"), List.copyOf(specs.keySet()));
        assertEquals(new ModelSpec("a", "cls", "", ""), specs.get("m1"));
        Map<String, String> roundTrip = new TreeMap<>();
        specs.get("m1").toSettings("m1").forEach((k, v) -> roundTrip.put(k.substring(ModelSpec.SETTINGS_PREFIX.length()), v));
        assertEquals(specs.get("m1"), ModelSpec.fromGroup(roundTrip, true).get("m1"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ModelSpec.validateGroup(Map.of("m1.color", "red")));
        assertTrue(e.getMessage().startsWith("unknown setting [plugins.llm_rerank.models.m1.color]; expected one of"), e.getMessage());
        assertEquals("unknown setting [plugins.llm_rerank.models.m1]",
            assertThrows(IllegalArgumentException.class, () -> ModelSpec.validateGroup(Map.of("m1", "x"))).getMessage());
        assertEquals("[pooling] must be [cls] or [mean], got [max]; [path] must not contain [..] (path traversal), got [..]",
            assertThrows(IllegalArgumentException.class, () -> ModelSpec.validateGroup(Map.of("m1.path", "..", "m1.pooling", "max")))
                .getMessage(), "a registration written straight into the settings is told every error too");
        assertEquals(Map.of(), ModelSpec.fromGroup(Map.of("m1", "x"), false), "applying settings skips what the validator refused");
    }

    @Test
    void unknownModelsAre404s() {
        ModelCatalog catalog = new ModelCatalog(Path.of("models"), 1, () -> Map.of("m1", new ModelSpec("a", "", "", "")), n -> false, () -> 10);
        catalog.requireListed("bge-small");
        catalog.requireListed("m1");
        catalog.requireRegistered("m1");
        ApiException e = assertThrows(ApiException.class, () -> catalog.requireListed("nope"));
        assertEquals(404, e.status());
        assertEquals("model [nope] is neither bundled nor registered", e.getMessage());
        assertEquals("model [bge-small] is not registered", assertThrows(ApiException.class, () -> catalog.requireRegistered("bge-small"))
            .getMessage());
    }

    @Test
    @SuppressWarnings("unchecked")
    void theListingShowsEachModelItsSourceAndWhereItIsLoaded() {
        Map<String, ModelSpec> registered = Map.of("m1", new ModelSpec("dir", "cls", "q", "p"));
        List<ModelListing.NodeModels> nodes = List.of(new ModelListing.NodeModels("id1", "node-1", Map.of("m1", true, "bge-small", false)));
        Map<String, Object> all = ModelListing.render(nodes, 1, null, registered);
        assertEquals(Map.of("total", 2, "successful", 1, "failed", 1), all.get("_nodes"));
        Map<String, Object> models = (Map<String, Object>) all.get("models");
        assertEquals(List.copyOf(ModelListing.names(registered)), List.copyOf(models.keySet()));
        assertEquals(Map.of("source", "bundled", "nodes", Map.of("id1", Map.of("name", "node-1", "loaded", false))), models.get("bge-small"));
        Map<String, Object> m1 = (Map<String, Object>) models.get("m1");
        assertEquals(List.of("source", "path", "pooling", "query_prefix", "passage_prefix", "nodes"), List.copyOf(m1.keySet()));
        assertEquals(Map.of("id1", Map.of("name", "node-1", "loaded", true)), m1.get("nodes"));
        Map<String, Object> one = ModelListing.render(nodes, 0, "m1", registered);
        assertEquals(List.of("m1"), List.copyOf(((Map<String, Object>) one.get("models")).keySet()));
    }
}
