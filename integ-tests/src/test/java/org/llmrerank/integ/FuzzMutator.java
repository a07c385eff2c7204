package org.llmrerank.integ;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.regex.Pattern;
import org.llmrerank.integ.FuzzJson.Arr;
import org.llmrerank.integ.FuzzJson.Obj;
import org.llmrerank.integ.FuzzJson.Raw;

/**
 * Mutates a valid request body (a {@link FuzzJson} tree) at one location: a value of another type, an odd number or
 * string, an unknown or duplicate key, a removed key, nested junk. Each location has a {@link Spec} saying who parses
 * it (the plugin or the engine) and what it accepts, from which the mutator derives what the node must do: refuse, or
 * anything that is not a failure. Everything comes from the {@link Random} it is given, so a seed replays a case.
 */
final class FuzzMutator {

    /** What a location accepts. */
    enum Kind {
        /** An integer >= 1 within int range; a fraction or an out-of-range number must be refused, not truncated. */
        POS_INT,
        /** rescore.window_size: a POS_INT at most the default plugins.llm_rerank.max_window_size (1000). */
        WINDOW,
        /** An integer the engine parses leniently (from, size): only non-numbers must be refused. */
        ENGINE_INT,
        /** One of {@link Spec#values}. */
        ENUM,
        /** A non-blank string. */
        NONBLANK,
        /** A positive time value with a unit (2s, 500ms). */
        DURATION,
        /** A FLOPs budget: a non-negative number or a number with gf/tf/pf. */
        BUDGET,
        /** A relevance grade: an integer within int range. */
        GRADE,
        /** An object of the plugin: any other value, and any unknown key in it, must be refused. */
        PLUGIN_OBJ,
        /** An object whose keys are data (qrels: qid -> ..., docid -> grade): unknown keys are fine. */
        DATA_OBJ,
        /** A non-empty array of the plugin. */
        PLUGIN_ARR,
        /** A string of any content (query_text, qrels_trec); other types must be refused. */
        STRING,
        /** A model directory: only a relative path to a valid model may be accepted. */
        MODEL_PATH,
        /** cls or mean, any case; "" means mean. */
        POOLING,
        /** A model prefix: a string of reasonable size; 100 KB must be refused. */
        PREFIX,
        /** Parsed by the engine: no expectation beyond the generic oracles. */
        ENGINE
    }

    /**
     * A location's rule. {@code plugin}: the plugin parses it, so a refusal must name the field itself (an engine
     * location may instead point at the line and column of the body). {@code related}: other fields a refusal of this
     * location may name instead, because the value's effect is checked there (a query that is no longer a text query is
     * refused as a missing [query_text]).
     */
    record Spec(Kind kind, boolean plugin, Set<String> values, Set<String> related, boolean required) {
        static Spec of(Kind kind) {
            return new Spec(kind, kind != Kind.ENGINE && kind != Kind.ENGINE_INT, Set.of(), Set.of(), false);
        }

        Spec asRequired() {
            return new Spec(kind, plugin, values, related, true);
        }

        Spec withRelated(String... names) {
            return new Spec(kind, plugin, values, Set.of(names), required);
        }

        static Spec oneOf(String... values) {
            return new Spec(Kind.ENUM, true, Set.of(values), Set.of(), false);
        }
    }

    /** One applied mutation: what it did, the fields a refusal may name, and whether the node must refuse. */
    record Mutation(String what, Set<String> names, boolean mustRefuse, boolean pluginField, String knownBug) {}

    /** A location of the tree: its container, its key (or index) there, and its spec path ("a.b[].c"). */
    private record Location(Object container, String key, int index, String specPath, String leafName, Object value) {}

    static final long INT_MAX = Integer.MAX_VALUE;
    /** 100 KB: big enough to find unbounded buffers, small enough to cost nothing. */
    static final int LONG_STRING = 100 * 1024;
    private static final Pattern DURATION = Pattern.compile("(\\d+(\\.\\d+)?)(nanos|micros|ms|s|m|h|d)");
    private static final Pattern BUDGET = Pattern.compile("\\d+(\\.\\d+)?([eE]\\d+)?(gf|tf|pf|GF|TF|PF)?");

    private final Random random;
    private final Map<String, Spec> specs;
    private final boolean nodeKillers;

    /** {@code nodeKillers}: whether grades as large as 1e9 may be generated (they have taken the node down). */
    FuzzMutator(Random random, Map<String, Spec> specs, boolean nodeKillers) {
        this.random = random;
        this.specs = specs;
        this.nodeKillers = nodeKillers;
    }

    <T> T pick(List<T> list) {
        return list.get(random.nextInt(list.size()));
    }

    @SafeVarargs
    final <T> T pick(T... items) {
        return items[random.nextInt(items.length)];
    }

    boolean chance(double p) {
        return random.nextDouble() < p;
    }

    int nextInt(int bound) {
        return random.nextInt(bound);
    }

    Spec specAt(String specPath) {
        Spec s = specs.get(specPath);
        return s == null ? Spec.of(Kind.ENGINE) : s;
    }

    /** Applies one random mutation to {@code root} in place; returns what it did. */
    Mutation mutate(Obj root) {
        List<Location> locations = new ArrayList<>();
        collect(root, "", null, locations);
        if (locations.isEmpty()) {
            root.append("fz_unknown", randomValue());
            Spec rootSpec = specAt("");
            return new Mutation("unknown key [fz_unknown] in an empty body", Set.of("fz_unknown"), rootSpec.kind() == Kind.PLUGIN_OBJ,
                rootSpec.plugin(), null);
        }
        // mostly where the plugin parses: that is what this fuzzer is for
        List<Location> plugin = locations.stream().filter(l -> specs.containsKey(l.specPath())).toList();
        Location at = plugin.isEmpty() == false && chance(0.8) ? pick(plugin) : pick(locations);
        Spec spec = specAt(at.specPath());
        int op = random.nextInt(100);
        if (at.container() instanceof Obj o && op < 10) {
            // an unknown key next to this one
            String key = pick("fz_unknown", "bogus", "Model", "llm_rerank", "window_size", "", "top_k ", "\u00e9t\u00e9", "a.b");
            if (o.has(key)) {
                key = key + "_x";
            }
            o.append(key, randomValue());
            Spec parent = specAt(parentPath(at.specPath()));
            boolean refuse = parent.kind() == Kind.PLUGIN_OBJ;
            return new Mutation("unknown key [" + key + "] beside " + at.specPath(), names(key, parent, parentPath(at.specPath())), refuse,
                parent.plugin(), null);
        }
        if (at.container() instanceof Obj o && op < 17) {
            // duplicate key: the node parses JSON with strict duplicate detection
            Object dup = chance(0.5) ? FuzzJson.copy(at.value()) : randomValue();
            o.append(at.key(), dup);
            return new Mutation("duplicate key [" + at.key() + "]", names(at.leafName(), spec, at.specPath()), true, spec.plugin(), null);
        }
        if (at.container() instanceof Obj o && op < 23) {
            o.remove(at.key());
            // without a whole plugin object what is left is the engine's to refuse (a rescore object with no rescorer)
            boolean engineLeft = spec.kind() == Kind.PLUGIN_OBJ;
            Set<String> names = new LinkedHashSet<>(names(at.leafName(), spec, at.specPath()));
            if (engineLeft && at.specPath().startsWith("requests[].request.")) {
                names.add("request");
            }
            return new Mutation("removed [" + at.specPath() + "]", names, spec.required(), spec.plugin() && engineLeft == false, null);
        }
        int depth = op < 30 ? pick(3, 20, 200, 1200) : 0;
        Object v = depth > 0 ? nestedJunk(depth) : randomValue();
        if (spec.kind() == Kind.GRADE && nodeKillers == false && v instanceof Number n && Math.abs(n.doubleValue()) >= 1000) {
            v = 1.5;
        }
        set(at, v);
        // past 1000 levels the engine's JSON parser refuses the body, wherever the junk is
        boolean refuse = refuses(spec, v) || depth > 1000;
        // the parser gives up before it reaches a field: "*" waives the naming rule, the 400 stays required
        Set<String> names = depth > 1000 ? Set.of("*") : names(at.leafName(), spec, at.specPath());
        return new Mutation(at.specPath() + " = " + abbreviate(FuzzJson.write(v)), names, refuse,
            spec.plugin() && depth <= 1000, knownBug(at.specPath(), v));
    }

    /** Whether {@code v} at a location of this spec must be refused. */
    static boolean refuses(Spec spec, Object v) {
        boolean container = v instanceof Obj || v instanceof Arr;
        return switch (spec.kind()) {
            case POS_INT -> v != null && (v instanceof String) == false && intIn(v, 1, INT_MAX) == false;
            case WINDOW -> v != null && (v instanceof String) == false && intIn(v, 1, 1000) == false;
            case ENGINE_INT -> container || v instanceof Boolean;
            case GRADE -> intIn(v, Integer.MIN_VALUE, INT_MAX) == false;
            case ENUM -> v != null && (v instanceof String s && spec.values().contains(s)) == false;
            case NONBLANK -> v != null && (v instanceof String s && s.isBlank() == false) == false;
            case STRING -> v != null && (v instanceof String) == false;
            case DURATION -> v != null && (v instanceof String s && positiveDuration(s)) == false;
            case BUDGET -> container || v instanceof Boolean || (v instanceof String s && s.startsWith("-"))
                || (v instanceof Number n && n.doubleValue() < 0) || (v instanceof Raw r && r.text().startsWith("-"));
            case PLUGIN_OBJ, DATA_OBJ -> (v instanceof Obj) == false;
            case PLUGIN_ARR -> (v instanceof Arr a && a.items.isEmpty() == false) == false;
            case MODEL_PATH -> (v instanceof String s && FuzzCases.ACCEPTABLE_MODEL_PATHS.contains(s)) == false;
            case POOLING -> v != null && (v instanceof String s && Set.of("", "cls", "mean").contains(s.toLowerCase(java.util.Locale.ROOT))) == false;
            case PREFIX -> v != null && (v instanceof String s && s.length() < LONG_STRING) == false;
            case ENGINE -> false;
        };
    }

    private static String knownBug(String specPath, Object v) {
        boolean fraction = (v instanceof Double d && d != Math.rint(d)) || (v instanceof Raw r && isFraction(r.text()));
        if (fraction && specPath.endsWith("window_size")) {
            return "OpenSearch's rescore parser cuts a fractional window_size for every rescorer";
        }
        return null;
    }

    private static boolean isFraction(String text) {
        try {
            BigDecimal b = new BigDecimal(text);
            return b.stripTrailingZeros().scale() > 0;
        } catch (NumberFormatException e) {
            return false;
        }
    }

    /** An integral number (any JSON spelling) within [min, max]. */
    static boolean intIn(Object v, long min, long max) {
        BigDecimal b;
        if (v instanceof Long l) {
            b = BigDecimal.valueOf(l);
        } else if (v instanceof Double d) {
            b = BigDecimal.valueOf(d);
        } else if (v instanceof Raw r) {
            try {
                b = new BigDecimal(r.text());
            } catch (NumberFormatException e) {
                return false;
            }
        } else {
            return false;
        }
        if (b.stripTrailingZeros().scale() > 0 || (v instanceof Double) || (v instanceof Raw r && r.text().matches(".*[.eE].*"))) {
            return false; // 5.0 and 5e0 are fractions as far as an integer field is concerned
        }
        return b.compareTo(BigDecimal.valueOf(min)) >= 0 && b.compareTo(BigDecimal.valueOf(max)) <= 0;
    }

    private static boolean positiveDuration(String s) {
        var m = DURATION.matcher(s);
        return m.matches() && Double.parseDouble(m.group(1)) > 0;
    }

    static boolean validBudget(String s) {
        return BUDGET.matcher(s).matches();
    }

    private Set<String> names(String leaf, Spec spec, String specPath) {
        Set<String> n = new LinkedHashSet<>();
        n.add(leaf);
        n.addAll(spec.related());
        // an element of an array is named by the array ([requests][0]) or by the element's own field
        // _eval names the search body the engine could not parse
        if (specPath.startsWith("requests[].request.") && spec.plugin() == false) {
            n.add("request");
        }
        if (specPath.endsWith("[]")) {
            String arrayPath = specPath.substring(0, specPath.length() - 2);
            n.add(arrayPath.substring(arrayPath.lastIndexOf('.') + 1));
        }
        return n;
    }

    private static String parentPath(String specPath) {
        int dot = specPath.lastIndexOf('.');
        String p = dot < 0 ? "" : specPath.substring(0, dot);
        return p;
    }

    private void collect(Object node, String path, String leaf, List<Location> out) {
        if (node instanceof Obj o) {
            for (int i = 0; i < o.keys.size(); i++) {
                String key = o.keys.get(i);
                String childPath = specChild(path, key);
                out.add(new Location(o, key, i, childPath, key, o.values.get(i)));
                collect(o.values.get(i), childPath, key, out);
            }
        } else if (node instanceof Arr a) {
            for (int i = 0; i < a.items.size(); i++) {
                String childPath = path + "[]";
                out.add(new Location(a, null, i, childPath, leaf, a.items.get(i)));
                collect(a.items.get(i), childPath, leaf, out);
            }
        }
    }

    /** The spec path of a child: keys of data objects (qids, docids) are "*". */
    private String specChild(String path, String key) {
        String parent = path.isEmpty() ? "" : path;
        Spec p = specs.get(parent);
        String k = p != null && p.kind() == Kind.DATA_OBJ ? "*" : key;
        return parent.isEmpty() ? k : parent + "." + k;
    }

    private static void set(Location at, Object v) {
        if (at.container() instanceof Obj o) {
            o.values.set(at.index(), v);
        } else {
            ((Arr) at.container()).items.set(at.index(), v);
        }
    }

    /** A value of a random type, mostly the odd ones. */
    Object randomValue() {
        return switch (random.nextInt(5)) {
            case 0, 1 -> randomNumber();
            case 2 -> randomString();
            case 3 -> pick(Boolean.TRUE, Boolean.FALSE, null);
            default -> pick(new Arr(), FuzzJson.arr(1L, "a"), new Obj(), FuzzJson.obj("a", 1L), FuzzJson.arr(FuzzJson.obj()));
        };
    }

    Object randomNumber() {
        return pick(0L, -1L, 1L, 2L, 7L, 1.5, 3.7, 0.5, 2147483647L, 1000000000L, new Raw("2147483648"), new Raw("-2147483649"),
            new Raw("1e300"), new Raw("-1e300"), new Raw("1e-300"), new Raw("9223372036854775808"), new Raw("5.0"), new Raw("-0"),
            new Raw("12345678901234567890123"));
    }

    String randomString() {
        return switch (random.nextInt(16)) {
            case 0 -> "";
            case 1 -> " ";
            case 2 -> "5";
            case 3 -> "1.5";
            case 4 -> "true";
            case 5 -> "x".repeat(LONG_STRING);
            case 6 -> "../../../../etc/passwd";
            case 7 -> "/etc/passwd";
            case 8 -> "file:/etc/passwd";
            case 9 -> "\u0000\u0001";
            case 10 -> "\u00fcn\u00efc\u00f6d\u00e9 \u2603 \ud83d\ude00";
            case 11 -> "%s%n${x}{}[]";
            case 12 -> "2s";
            case 13 -> "-1";
            case 14 -> "5tf";
            default -> "null";
        };
    }

    /** Arrays or objects nested {@code depth} deep. */
    Object nestedJunk(int depth) {
        boolean arrays = chance(0.5);
        Object v = pick(1L, "x", null);
        for (int i = 0; i < depth; i++) {
            v = arrays ? FuzzJson.arr(v) : FuzzJson.obj("a", v);
        }
        return v;
    }

    static String abbreviate(String s) {
        return s.length() <= 120 ? s : s.substring(0, 100) + "...(" + s.length() + " chars)";
    }
}
