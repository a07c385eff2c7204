package org.llmrerank.integ;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The JSON tree the fuzzer mutates. Jackson's trees cannot hold what the fuzzer needs to send: an object with the same
 * key twice, or a number literal that no Java number prints as (1e300 stays 1e300, 2147483648 stays an integer
 * literal). Values are null, Boolean, Long, Double, String, {@link Raw}, {@link Arr} or {@link Obj}.
 */
final class FuzzJson {

    private FuzzJson() {}

    /** A literal written verbatim: odd numbers, or text that is not JSON at all (NaN, a cut-off document). */
    record Raw(String text) {}

    /** An object that keeps key order and allows duplicate keys. */
    static final class Obj {
        final List<String> keys = new ArrayList<>();
        final List<Object> values = new ArrayList<>();

        Obj put(String key, Object value) {
            int i = keys.indexOf(key);
            if (i >= 0) {
                values.set(i, value);
            } else {
                keys.add(key);
                values.add(value);
            }
            return this;
        }

        /** Appends even when the key is present: the way to write a duplicate key. */
        Obj append(String key, Object value) {
            keys.add(key);
            values.add(value);
            return this;
        }

        Object get(String key) {
            int i = keys.indexOf(key);
            return i < 0 ? null : values.get(i);
        }

        boolean has(String key) {
            return keys.contains(key);
        }

        void remove(String key) {
            for (int i = keys.size() - 1; i >= 0; i--) {
                if (keys.get(i).equals(key)) {
                    keys.remove(i);
                    values.remove(i);
                }
            }
        }
    }

    /** An array. */
    static final class Arr {
        final List<Object> items = new ArrayList<>();

        Arr add(Object v) {
            items.add(v);
            return this;
        }
    }

    static Obj obj(Object... kv) {
        Obj o = new Obj();
        for (int i = 0; i < kv.length; i += 2) {
            o.put((String) kv[i], kv[i + 1]);
        }
        return o;
    }

    static Arr arr(Object... items) {
        Arr a = new Arr();
        for (Object i : items) {
            a.add(i);
        }
        return a;
    }

    /** A deep copy, so that one valid request can seed many mutations. */
    static Object copy(Object v) {
        if (v instanceof Obj o) {
            Obj c = new Obj();
            for (int i = 0; i < o.keys.size(); i++) {
                c.append(o.keys.get(i), copy(o.values.get(i)));
            }
            return c;
        }
        if (v instanceof Arr a) {
            Arr c = new Arr();
            a.items.forEach(i -> c.add(copy(i)));
            return c;
        }
        return v;
    }

    /** Converts plain Java maps and lists (as Jackson reads them) into the tree. */
    @SuppressWarnings("unchecked")
    static Object of(Object v) {
        if (v instanceof Map<?, ?> m) {
            Obj o = new Obj();
            ((Map<String, Object>) m).forEach((k, x) -> o.append(k, of(x)));
            return o;
        }
        if (v instanceof List<?> l) {
            Arr a = new Arr();
            l.forEach(x -> a.add(of(x)));
            return a;
        }
        if (v instanceof Integer i) {
            return i.longValue();
        }
        return v;
    }

    static String write(Object v) {
        StringBuilder sb = new StringBuilder();
        write(v, sb);
        return sb.toString();
    }

    private static void write(Object v, StringBuilder sb) {
        if (v == null) {
            sb.append("null");
        } else if (v instanceof Raw r) {
            sb.append(r.text());
        } else if (v instanceof String s) {
            quote(s, sb);
        } else if (v instanceof Double d) {
            // never NaN/Infinity here: those are Raw on purpose
            sb.append(d.isNaN() || d.isInfinite() ? "null" : d.toString());
        } else if (v instanceof Number || v instanceof Boolean) {
            sb.append(v);
        } else if (v instanceof Obj o) {
            sb.append('{');
            for (int i = 0; i < o.keys.size(); i++) {
                if (i > 0) {
                    sb.append(',');
                }
                quote(o.keys.get(i), sb);
                sb.append(':');
                write(o.values.get(i), sb);
            }
            sb.append('}');
        } else if (v instanceof Arr a) {
            sb.append('[');
            for (int i = 0; i < a.items.size(); i++) {
                if (i > 0) {
                    sb.append(',');
                }
                write(a.items.get(i), sb);
            }
            sb.append(']');
        } else {
            throw new IllegalArgumentException("not a JSON tree value: " + v.getClass());
        }
    }

    private static void quote(String s, StringBuilder sb) {
        sb.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                case '\n' -> sb.append("\\n");
                case '\r' -> sb.append("\\r");
                case '\t' -> sb.append("\\t");
                default -> {
                    if (c < 0x20) {
                        sb.append(String.format("\\u%04x", (int) c));
                    } else {
                        sb.append(c);
                    }
                }
            }
        }
        sb.append('"');
    }
}
