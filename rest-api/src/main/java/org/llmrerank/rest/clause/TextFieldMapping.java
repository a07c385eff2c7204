package org.llmrerank.rest.clause;

import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Whether an index's mapping (as both engines give it: the mapping source as nested maps) has a field the model can
 * read as text. The one check both engines run on a clause's {@code field}.
 */
public final class TextFieldMapping {

    /** Field types whose values are text the model can read. */
    public static final Set<String> TEXT_TYPES = Set.of("text", "match_only_text", "keyword");

    private TextFieldMapping() {}

    /** The mapping's properties level: the source itself, or what it holds under a lone {@code _doc} type. */
    @SuppressWarnings("unchecked")
    public static Map<String, Object> root(Map<String, Object> mappingSource) {
        if (mappingSource == null) {
            return Map.of();
        }
        if (mappingSource.size() == 1 && mappingSource.get("_doc") instanceof Map<?, ?> doc) {
            return (Map<String, Object>) doc;
        }
        return mappingSource;
    }

    /**
     * Adds an error naming {@code [prefix.field]} when {@code field} is absent from the mapping or not of a text type.
     *
     * @param root the mapping's properties level ({@link #root})
     */
    public static void check(Map<String, Object> root, String index, String field, String prefix, List<String> errors) {
        String type = fieldType(root, field);
        if (type == null) {
            errors.add("[" + prefix + ".field] no field [" + field + "] in the mapping of index [" + index + "]");
        } else if (TEXT_TYPES.contains(type) == false) {
            errors.add("[" + prefix + ".field] [" + field + "] in index [" + index + "] is of type [" + type + "]; the model reads "
                + TEXT_TYPES.stream().sorted().toList());
        }
    }

    /** Walks "a.b.c" through properties and multi-fields; null when absent. */
    @SuppressWarnings("unchecked")
    static String fieldType(Map<String, Object> root, String path) {
        Map<String, Object> node = root;
        for (String part : path.split("\\.")) {
            Object child = null;
            if (node.get("properties") instanceof Map<?, ?> p) {
                child = p.get(part);
            }
            if (child == null && node.get("fields") instanceof Map<?, ?> f) {
                child = f.get(part); // multi-field, e.g. text.raw
            }
            if ((child instanceof Map<?, ?>) == false) {
                return null;
            }
            node = (Map<String, Object>) child;
        }
        Object type = node.get("type");
        return type == null ? (node.containsKey("properties") ? "object" : null) : type.toString();
    }
}
