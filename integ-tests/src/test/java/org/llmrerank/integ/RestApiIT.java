package org.llmrerank.integ;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * What the YAML runner cannot express, against the same real node ({@link RealNode}): requests without the body the
 * spec requires, bodies that are not JSON, methods a route does not take (405), and every path and method of our
 * rest-api-spec files answered by a handler.
 */
class RestApiIT {

    private static final List<String> SPECS = List.of("llm_rerank.stats", "llm_rerank.stats_reset", "llm_rerank.eval",
        "llm_rerank.put_model", "llm_rerank.get_models", "llm_rerank.delete_model");
    /** A value for each URL part of the specs that the handler accepts. */
    private static final Map<String, String> PART_VALUES = Map.of("stat", "reranked_queries", "nodeId", "_local", "name", "bge-small");
    private static RestJson node;

    @BeforeAll
    static void startNode() throws Exception {
        node = RealNode.start();
    }

    @Test
    void requestsWithoutTheRequiredBodyAre400s() throws Exception {
        assertError(node.call("POST", "/_plugins/_llm_rerank/_eval", null), 400, "[_eval] needs a body");
        assertError(node.call("PUT", "/_plugins/_llm_rerank/models/m1", null), 400, "request body is required");
        assertNoModel("m1");
    }

    @Test
    void bodiesThatAreNotJsonAre400sOr406s() throws Exception {
        assertEquals(400, node.call("POST", "/_plugins/_llm_rerank/_eval", "{\"index\": ", "application/json").status());
        assertEquals(400, node.call("PUT", "/_plugins/_llm_rerank/models/m2", "not json", "application/json").status());
        assertEquals(406, node.call("PUT", "/_plugins/_llm_rerank/models/m2", "path=good", "text/plain").status());
        assertNoModel("m2");
    }

    @Test
    void methodsARouteDoesNotTakeAre405s() throws Exception {
        assertError(node.call("GET", "/_plugins/_llm_rerank/stats/_reset", null), 405, "allowed: [POST]");
        assertError(node.call("DELETE", "/_plugins/_llm_rerank/stats", null), 405, "allowed: [GET]");
        assertError(node.call("GET", "/_plugins/_llm_rerank/_eval", null), 405, "allowed: [POST]");
        assertError(node.call("POST", "/_plugins/_llm_rerank/models/x", "{}", "application/json"), 405, "allowed: [");
        assertError(node.call("DELETE", "/_plugins/_llm_rerank/models", null), 405, "allowed: [GET]");
    }

    /** Each path and method of the shipped specs reaches a handler: neither 405 nor "no handler found". */
    @Test
    @SuppressWarnings("unchecked")
    void everySpecPathAndMethodReachesAHandler() throws Exception {
        ObjectMapper json = new ObjectMapper();
        List<String> checked = new ArrayList<>();
        for (String name : SPECS) {
            Map<String, Object> spec;
            try (InputStream in = RestApiIT.class.getResourceAsStream("/rest-api-spec/api/" + name + ".json")) {
                assertTrue(in != null, name + ".json is not on the test classpath");
                spec = (Map<String, Object>) json.readValue(in, Map.class).get(name);
            }
            assertTrue(spec != null, name + ".json must hold the key [" + name + "]");
            boolean bodyRequired = spec.get("body") instanceof Map<?, ?> b && Boolean.TRUE.equals(b.get("required"));
            for (Map<String, Object> p : (List<Map<String, Object>>) ((Map<String, Object>) spec.get("url")).get("paths")) {
                String path = (String) p.get("path");
                Map<String, Object> parts = (Map<String, Object>) p.getOrDefault("parts", Map.of());
                for (String part : parts.keySet()) {
                    assertTrue(path.contains("{" + part + "}"), name + ": part [" + part + "] is not in " + path);
                    path = path.replace("{" + part + "}", PART_VALUES.get(part));
                }
                assertFalse(path.contains("{"), name + ": " + path + " has a part the spec does not declare");
                for (String method : (List<String>) p.get("methods")) {
                    // a body the handler rejects or ignores: enough to reach it, changes nothing
                    RestJson.Reply r = bodyRequired ? node.call(method, path, "{\"bogus\": 1}", "application/json") : node.call(method, path, null);
                    String where = name + " " + method + " " + path + " -> " + r.status() + " " + r.body();
                    assertNotEquals(405, r.status(), where);
                    assertFalse(r.body().toString().contains("no handler found"), where);
                    assertTrue(r.status() == 200 || r.status() == 400, where);
                    checked.add(method + " " + path);
                }
            }
        }
        assertEquals(10, checked.size(), checked.toString());
    }

    private static void assertNoModel(String name) throws IOException, InterruptedException {
        assertEquals(404, node.call("GET", "/_plugins/_llm_rerank/models/" + name, null).status());
    }

    private static void assertError(RestJson.Reply r, int status, String expected) {
        assertEquals(status, r.status(), r.body().toString());
        assertTrue(r.body().toString().contains(expected), "expected [" + expected + "] in " + r.body());
    }
}
