package org.llmrerank.elasticsearch;

import org.elasticsearch.common.settings.Setting;
import org.elasticsearch.common.settings.Setting.Property;
import org.elasticsearch.core.TimeValue;
import org.llmrerank.rest.clause.SettingsCatalogue;

/** Elasticsearch's setting objects for the entries of the engine-neutral {@link SettingsCatalogue}. */
public final class CatalogueSettings {

    private CatalogueSettings() {}

    public static Setting<String> text(SettingsCatalogue.TextSetting s) {
        return Setting.simpleString(s.key(), s.defaultValue(), s.check()::accept, properties(s.scope(), s.dynamic()));
    }

    public static Setting<Integer> integer(SettingsCatalogue.IntSetting s) {
        return Setting.intSetting(s.key(), s.defaultValue(), s.min(), s.max(), properties(s.scope(), s.dynamic()));
    }

    public static Setting<TimeValue> positiveTime(SettingsCatalogue.TimeSetting s) {
        return Setting.positiveTimeSetting(s.key(), TimeValue.timeValueSeconds(s.defaultSeconds()), properties(s.scope(), s.dynamic()));
    }

    public static Setting<Double> decimal(SettingsCatalogue.DecimalSetting s) {
        return Setting.doubleSetting(s.key(), s.defaultValue(), s.min(), properties(s.scope(), s.dynamic()));
    }

    private static Property[] properties(SettingsCatalogue.Scope scope, boolean dynamic) {
        Property where = scope == SettingsCatalogue.Scope.INDEX ? Property.IndexScope : Property.NodeScope;
        return dynamic ? new Property[] {where, Property.Dynamic} : new Property[] {where};
    }
}
