package org.llmrerank.rest.models;

import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;
import org.llmrerank.rescorer.ModelRegistry;
import org.llmrerank.rescorer.model.ModelDescriptor;
import org.llmrerank.rescorer.model.ModelDescriptors;
import org.llmrerank.rest.ValidationErrors;
import org.llmrerank.routing.BundledModel;
import org.llmrerank.routing.onnx.Pooling;
import org.llmrerank.routing.runtime.RoutedBundledModel;

/**
 * One registered model: a directory (relative to {@code plugins.llm_rerank.models_path}) holding a
 * BERT-class ONNX bi-encoder or a Hugging Face checkpoint, and how to use it; or, with {@code base}, Dr.LLM routers
 * ({@value ModelFiles#ROUTERS} in that directory, written by {@code train-routers}) that route a bundled model of the
 * routed runtime or a registered safetensors cross-encoder, with the routers' inference knob. Stored as persistent cluster settings
 * {@code plugins.llm_rerank.models.<name>.{path,pooling,query_prefix,passage_prefix,base,router_knob}}, so every node
 * (and every node that joins later) learns it from the cluster state. The checks here need no file system and no
 * engine; {@link ModelFiles} checks the files.
 */
public record ModelSpec(String path, String pooling, String queryPrefix, String passagePrefix, String base, String routerKnob) {

    /** Prefix of the group setting; the name is one key segment, so it may not contain dots. */
    public static final String SETTINGS_PREFIX = "plugins.llm_rerank.models.";
    public static final Set<String> KEYS = Set.of("path", "pooling", "query_prefix", "passage_prefix", "base", "router_knob");
    private static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9_-]{0,63}");
    /**
     * Longest query or passage prefix any registration may have, whatever the settings say: prefixes live in the
     * cluster state, which every node holds and every change republishes, and are tokenized with every text.
     */
    public static final int MAX_PREFIX_CHARS_CEILING = 16_384;

    public ModelSpec {
        path = path == null ? "" : path;
        pooling = pooling == null || pooling.isEmpty() ? "mean" : pooling.toLowerCase(Locale.ROOT);
        queryPrefix = queryPrefix == null ? "" : queryPrefix;
        passagePrefix = passagePrefix == null ? "" : passagePrefix;
        base = base == null ? "" : base;
        routerKnob = routerKnob == null ? "" : routerKnob;
    }

    /** A model of its own files (no routers). */
    public ModelSpec(String path, String pooling, String queryPrefix, String passagePrefix) {
        this(path, pooling, queryPrefix, passagePrefix, "", "");
    }

    /** Routers over another model (bundled, or a registered cross-encoder), rather than a model of its own. */
    public boolean routesBase() {
        return base.isEmpty() == false;
    }

    /** The routers' inference knob: Dr.LLM's p in [-1, 1]; unset = follow the routers as trained. */
    public double knob() {
        return routerKnob.isEmpty() ? org.llmrerank.routing.runtime.router.LayerRouters.PLAIN : Double.parseDouble(routerKnob);
    }

    public Pooling poolingMode() {
        return "cls".equals(pooling) ? Pooling.CLS : Pooling.MEAN;
    }

    /** The persistent settings that record this registration, by full key (every key, so a PUT replaces all of them). */
    public Map<String, String> toSettings(String name) {
        String p = SETTINGS_PREFIX + name + ".";
        Map<String, String> m = new LinkedHashMap<>();
        m.put(p + "path", path);
        m.put(p + "pooling", pooling);
        m.put(p + "query_prefix", queryPrefix);
        m.put(p + "passage_prefix", passagePrefix);
        m.put(p + "base", base);
        m.put(p + "router_knob", routerKnob);
        return m;
    }

    /**
     * Checks that need no file system: {@link IllegalArgumentException} naming each field that is wrong (one message per
     * field, joined by "; ").
     */
    public void validateStatic() {
        ValidationErrors errors = new ValidationErrors();
        collectStaticErrors(errors);
        throwAsIllegalArgument(errors);
    }

    /** Adds what is wrong with each field that {@code errors} does not already hold an error for. */
    public void collectStaticErrors(ValidationErrors errors) {
        if (!errors.has("pooling") && !"cls".equals(pooling) && !"mean".equals(pooling)) {
            errors.add("pooling", "[pooling] must be [cls] or [mean], got [" + pooling + "]");
        }
        if (!errors.has("path")) {
            try {
                relativePath(path);
            } catch (IllegalArgumentException e) {
                errors.add("path", e.getMessage());
            }
        }
        collectPrefixErrors(MAX_PREFIX_CHARS_CEILING, "the ceiling of any registration", errors);
        if (routesBase()) {
            // a registered base is looked up when the files are checked: here only whether the name can be one
            boolean registrable = NAME.matcher(base).matches() && !ModelRegistry.isBundled(base);
            if (!errors.has("base") && RoutedBundledModel.byName(base).isEmpty() && layeredBase(base).isEmpty() && !registrable) {
                errors.add("base", "[base] must be a bundled model of the routed runtime " + routedBases()
                    + " or a registered safetensors cross-encoder, got [" + base + "]");
            }
            if (!errors.has("router_knob") && !knobInRange()) {
                errors.add("router_knob", "[router_knob] must be a number in [-1, 1], got [" + routerKnob + "]");
            }
        } else if (!errors.has("router_knob") && routerKnob.isEmpty() == false) {
            errors.add("router_knob", "[router_knob] applies to routers only: give [base], the model they route");
        }
    }

    private boolean knobInRange() {
        try {
            double knob = knob();
            return knob >= -1 && knob <= 1;
        } catch (NumberFormatException e) {
            return false;
        }
    }

    /** Both prefixes at most {@code maxChars} characters, or {@link IllegalArgumentException} naming each prefix over it. */
    public void validatePrefixes(int maxChars, String limitName) {
        ValidationErrors errors = new ValidationErrors();
        collectPrefixErrors(maxChars, limitName, errors);
        throwAsIllegalArgument(errors);
    }

    private void collectPrefixErrors(int maxChars, String limitName, ValidationErrors errors) {
        prefix("query_prefix", queryPrefix, maxChars, limitName, errors);
        prefix("passage_prefix", passagePrefix, maxChars, limitName, errors);
    }

    private static void prefix(String field, String value, int maxChars, String limitName, ValidationErrors errors) {
        if (!errors.has(field) && value.length() > maxChars) {
            errors.add(field, "[" + field + "] is " + value.length() + " characters, over the limit of " + maxChars + " (" + limitName + ")");
        }
    }

    /** Registrations also arrive as settings, whose validators report an {@link IllegalArgumentException}. */
    private static void throwAsIllegalArgument(ValidationErrors errors) {
        if (errors.isEmpty() == false) {
            throw new IllegalArgumentException(String.join("; ", errors.messages()));
        }
    }

    /** A relative path without {@code ..} segments, or {@link IllegalArgumentException} naming [path]. */
    static Path relativePath(String path) {
        return relativePath(java.nio.file.FileSystems.getDefault(), path);
    }

    /** As {@link #relativePath(String)}, on the file system of the models directory (tests use a wrapped one). */
    static Path relativePath(java.nio.file.FileSystem fs, String path) {
        if (path.isEmpty()) {
            throw new IllegalArgumentException("[path] is required: a directory relative to [plugins.llm_rerank.models_path]");
        }
        Path p;
        try {
            p = fs.getPath(path);
        } catch (InvalidPathException e) {
            throw new IllegalArgumentException("[path] is not a valid path: " + e.getMessage());
        }
        if (p.isAbsolute() || path.startsWith("/") || path.startsWith("\\") || path.contains(":")) {
            throw new IllegalArgumentException("[path] must be relative to [plugins.llm_rerank.models_path], got absolute [" + path + "]");
        }
        for (Path segment : p) {
            if (segment.toString().equals("..")) {
                throw new IllegalArgumentException("[path] must not contain [..] (path traversal), got [" + path + "]");
            }
        }
        return p;
    }

    /** A name a registration may take, or {@link IllegalArgumentException} saying why not. */
    public static void validateName(String name) {
        ValidationErrors errors = new ValidationErrors();
        collectNameErrors(name, errors);
        throwAsIllegalArgument(errors);
    }

    public static void collectNameErrors(String name, ValidationErrors errors) {
        if (name == null || !NAME.matcher(name).matches()) {
            errors.add("name", "model name [" + name + "] is invalid: use 1-64 of [a-z0-9_-], starting with a letter or digit");
        } else if (ModelRegistry.isBundled(name)) {
            errors.add("name", "model [" + name + "] is bundled with the plugin and cannot be overwritten or deleted");
        }
    }

    /**
     * Registrations in the group setting's value: keys {@code <name>.<key>} (relative to {@link #SETTINGS_PREFIX}) to
     * values. Validates each when asked, with {@link IllegalArgumentException} naming the first bad setting.
     */
    public static Map<String, ModelSpec> fromGroup(Map<String, String> group, boolean validate) {
        Map<String, Map<String, String>> byName = new TreeMap<>();
        for (Map.Entry<String, String> e : group.entrySet()) {
            String key = e.getKey();
            int dot = key.indexOf('.');
            if (dot < 0) {
                if (validate) {
                    throw new IllegalArgumentException("unknown setting [" + SETTINGS_PREFIX + key + "]");
                }
                continue;
            }
            byName.computeIfAbsent(key.substring(0, dot), n -> new TreeMap<>()).put(key.substring(dot + 1), e.getValue());
        }
        Map<String, ModelSpec> specs = new TreeMap<>();
        for (Map.Entry<String, Map<String, String>> e : byName.entrySet()) {
            String name = e.getKey();
            Map<String, String> s = e.getValue();
            if (validate) {
                validateName(name);
                for (String key : s.keySet()) {
                    if (!KEYS.contains(key)) {
                        throw new IllegalArgumentException("unknown setting [" + SETTINGS_PREFIX + name + "." + key + "]; expected one of " + KEYS);
                    }
                }
            }
            ModelSpec spec = new ModelSpec(s.get("path"), s.get("pooling"), s.get("query_prefix"), s.get("passage_prefix"), s.get("base"),
                s.get("router_knob"));
            if (validate) {
                spec.validateStatic();
            }
            specs.put(name, spec);
        }
        return specs;
    }

    /** The group setting's validator. */
    public static void validateGroup(Map<String, String> group) {
        fromGroup(group, true);
    }

    /** The bundled models routers can route: the routed runtime's, and the int8 ones in per-layer sessions. */
    public static List<String> routedBases() {
        List<String> bases = new ArrayList<>(RoutedBundledModel.names());
        ModelDescriptors.LAYERED.forEach(m -> bases.add(new ModelDescriptor.Layered(m).name()));
        return bases;
    }

    /** The bundled int8 model whose per-layer form {@code base} names ({@code bge-small-routed-int8}), if it names one. */
    public static Optional<BundledModel> layeredBase(String base) {
        return ModelDescriptors.LAYERED.stream().filter(m -> new ModelDescriptor.Layered(m).name().equals(base)).findFirst();
    }
}
