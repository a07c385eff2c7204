package org.llmrerank.rest.models;

import java.util.Map;
import org.llmrerank.rest.ApiException;
import org.llmrerank.rest.ValidationErrors;

/**
 * The body of {@code PUT _plugins/_llm_rerank/models/{name}}:
 * {@code {"path": "dir/relative/to/models_path", "pooling": "cls|mean", "query_prefix": "", "passage_prefix": "",
 * "base": "bundled routed model", "router_knob": -1..1}}. Everything that can be checked without the files is checked
 * here, the name with it, and every error is reported at once; the files are checked when the registration is applied.
 */
public final class ModelRegistrationBody {

    /** What a request without a body is told. */
    public static final String REQUIRED = "request body is required: {\"path\": ..., \"pooling\": \"cls|mean\"}";

    private ModelRegistrationBody() {}

    /** @throws ApiException a 400 with a message for each bad field (and for a bad name) */
    public static ModelSpec parse(String name, Map<String, Object> body) {
        ValidationErrors errors = new ValidationErrors();
        ModelSpec.collectNameErrors(name, errors);
        for (Map.Entry<String, Object> e : body.entrySet()) {
            if (!ModelSpec.KEYS.contains(e.getKey())) {
                errors.add(e.getKey(), "unknown field [" + e.getKey() + "]; expected " + ModelSpec.KEYS);
                continue;
            }
            boolean knobNumber = "router_knob".equals(e.getKey()) && e.getValue() instanceof Number;
            if (!(e.getValue() instanceof String) && !knobNumber) {
                errors.add(e.getKey(), "[" + e.getKey() + "] must be a string");
            }
        }
        ModelSpec spec = new ModelSpec(string(body, "path", errors), string(body, "pooling", errors), string(body, "query_prefix", errors),
            string(body, "passage_prefix", errors), string(body, "base", errors), errors.has("router_knob") || body.get("router_knob") == null
                ? null : body.get("router_knob").toString());
        spec.collectStaticErrors(errors);
        errors.throwIfAny();
        return spec;
    }

    /** The field's string value; null when it is absent or already reported as not a string. */
    private static String string(Map<String, Object> body, String field, ValidationErrors errors) {
        return errors.has(field) ? null : (String) body.get(field);
    }
}
