package org.llmrerank.estimator;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** Reports as one line of JSON each; non-finite numbers become null (JSON has no NaN). */
public final class JsonOutput {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private JsonOutput() {}

    public static ObjectNode object() {
        return MAPPER.createObjectNode();
    }

    public static void putNumber(ObjectNode o, String field, Double value) {
        if (value == null || !Double.isFinite(value)) {
            o.putNull(field);
        } else {
            o.put(field, value);
        }
    }

    public static String line(Object node) {
        try {
            return MAPPER.writeValueAsString(node);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialise output", e);
        }
    }
}
