package org.llmrerank.charts;

import com.fasterxml.jackson.databind.JsonNode;

/** Typed reads of one JSON object's fields; a missing or mistyped field is a {@link ChartInputException} naming it. */
final class Fields {

    private final JsonNode object;
    private final String where;

    Fields(JsonNode object, String where) {
        if (object == null || !object.isObject()) {
            throw new ChartInputException(where + ": expected a JSON object");
        }
        this.object = object;
        this.where = where;
    }

    String text(String field) {
        JsonNode v = object.get(field);
        if (v == null || !v.isTextual()) {
            throw new ChartInputException(where + ": [" + field + "] must be a string");
        }
        return v.asText();
    }

    String optionalText(String field) {
        JsonNode v = object.get(field);
        return v == null || v.isNull() ? null : text(field);
    }

    double number(String field) {
        JsonNode v = object.get(field);
        if (v == null || !v.isNumber()) {
            throw new ChartInputException(where + ": [" + field + "] must be a number");
        }
        return v.asDouble();
    }

    Double optionalNumber(String field) {
        JsonNode v = object.get(field);
        return v == null || v.isNull() ? null : number(field);
    }
}
