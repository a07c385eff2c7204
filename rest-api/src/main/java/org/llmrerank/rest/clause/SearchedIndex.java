package org.llmrerank.rest.clause;

import java.util.Map;
import java.util.function.Function;

/**
 * What a clause is resolved against of one searched index, as plain values the engine reads from its index metadata.
 *
 * @param name          the concrete index name
 * @param setting       the value the index sets for a key, null where it sets none
 * @param mappingSource the index mapping as nested maps (with or without the {@code _doc} level), null when unmapped
 */
public record SearchedIndex(String name, Function<String, String> setting, Map<String, Object> mappingSource) {

    /** The index's value of {@code s}: what it sets, else the setting's default. */
    String value(SettingsCatalogue.TextSetting s) {
        String v = setting.apply(s.key());
        return v == null ? s.defaultValue() : v;
    }
}
