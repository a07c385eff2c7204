package org.llmrerank.rest.stats;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Named counters whose names another component defines (the inference scheduler's, the inference executor's): each
 * entry a count or a nested group, in the order they were given. Groups of several nodes add up name by name.
 */
public final class CounterGroup {

    public static final CounterGroup EMPTY = new CounterGroup(Map.of());

    /** Values are {@link Long} or {@link CounterGroup}. */
    private final Map<String, Object> entries;

    private CounterGroup(Map<String, Object> entries) {
        this.entries = Collections.unmodifiableMap(entries);
    }

    /**
     * A group from a map of counts ({@link Number}s, taken as longs) and nested groups or maps of the same kind.
     *
     * @throws IllegalArgumentException for a value that is neither
     */
    public static CounterGroup of(Map<String, ?> counters) {
        Map<String, Object> out = new LinkedHashMap<>();
        for (Map.Entry<String, ?> e : counters.entrySet()) {
            Object v = e.getValue();
            if (v instanceof Number n) {
                out.put(e.getKey(), n.longValue());
            } else if (v instanceof CounterGroup g) {
                out.put(e.getKey(), g);
            } else if (v instanceof Map<?, ?> m) {
                @SuppressWarnings("unchecked")
                Map<String, ?> nested = (Map<String, ?>) m;
                out.put(e.getKey(), of(nested));
            } else {
                throw new IllegalArgumentException("[" + e.getKey() + "] is not a count: " + (v == null ? "null" : v.getClass().getSimpleName()));
            }
        }
        return new CounterGroup(out);
    }

    /** Each entry a {@link Long} or a {@link CounterGroup}, in order. */
    public Map<String, Object> entries() {
        return entries;
    }

    public boolean isEmpty() {
        return entries.isEmpty();
    }

    /** Counts added name by name; names of either side kept, in the order first seen. */
    public CounterGroup plus(CounterGroup other) {
        Map<String, Object> sum = new LinkedHashMap<>(entries);
        for (Map.Entry<String, Object> e : other.entries.entrySet()) {
            Object mine = sum.get(e.getKey());
            Object theirs = e.getValue();
            if (mine == null) {
                sum.put(e.getKey(), theirs);
            } else if (mine instanceof Long a && theirs instanceof Long b) {
                sum.put(e.getKey(), a + b);
            } else if (mine instanceof CounterGroup a && theirs instanceof CounterGroup b) {
                sum.put(e.getKey(), a.plus(b));
            } else {
                throw new IllegalArgumentException("[" + e.getKey() + "] is a count on one side and a group on the other");
            }
        }
        return new CounterGroup(sum);
    }

    /** As nested maps of longs, for rendering. */
    public Map<String, Object> toMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        entries.forEach((k, v) -> m.put(k, v instanceof CounterGroup g ? g.toMap() : v));
        return m;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof CounterGroup g && entries.equals(g.entries);
    }

    @Override
    public int hashCode() {
        return entries.hashCode();
    }

    @Override
    public String toString() {
        return entries.toString();
    }
}
