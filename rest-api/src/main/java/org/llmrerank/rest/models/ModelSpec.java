package org.llmrerank.rest.models;

import java.io.IOException;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;
import org.llmrerank.rescorer.ModelRegistry;
import org.llmrerank.routing.onnx.Pooling;
import org.llmrerank.routing.runtime.RoutedBundledModel;
import org.opensearch.common.settings.Settings;
import org.opensearch.core.common.io.stream.StreamInput;
import org.opensearch.core.common.io.stream.StreamOutput;
import org.opensearch.core.common.io.stream.Writeable;

/**
 * One registered model: a directory (relative to {@code plugins.llm_rerank.models_path}) holding a
 * BERT-class ONNX bi-encoder or a Hugging Face checkpoint, and how to use it; or, with {@code base}, Dr.LLM routers
 * ({@value ModelFiles#ROUTERS} in that directory, written by {@code train-routers}) that route a bundled model of the
 * routed runtime, with the routers' inference knob. Stored as persistent cluster settings
 * {@code plugins.llm_rerank.models.<name>.{path,pooling,query_prefix,passage_prefix,base,router_knob}}, so every node
 * (and every node that joins later) learns it from the cluster state.
 */
public record ModelSpec(String path, String pooling, String queryPrefix, String passagePrefix, String base, String routerKnob)
    implements Writeable {

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

    public ModelSpec(StreamInput in) throws IOException {
        this(in.readString(), in.readString(), in.readString(), in.readString(), in.readString(), in.readString());
    }

    @Override
    public void writeTo(StreamOutput out) throws IOException {
        out.writeString(path);
        out.writeString(pooling);
        out.writeString(queryPrefix);
        out.writeString(passagePrefix);
        out.writeString(base);
        out.writeString(routerKnob);
    }

    /** Routers over a bundled model of the routed runtime, rather than a model of its own. */
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

    /** The persistent settings that record this registration (every key, so a PUT replaces all of them). */
    public Settings toSettings(String name) {
        String p = SETTINGS_PREFIX + name + ".";
        return Settings.builder().put(p + "path", path).put(p + "pooling", pooling)
            .put(p + "query_prefix", queryPrefix).put(p + "passage_prefix", passagePrefix)
            .put(p + "base", base).put(p + "router_knob", routerKnob).build();
    }

    /** Checks that need no file system: {@link IllegalArgumentException} naming the field. */
    public void validateStatic() {
        if (!"cls".equals(pooling) && !"mean".equals(pooling)) {
            throw new IllegalArgumentException("[pooling] must be [cls] or [mean], got [" + pooling + "]");
        }
        relativePath(path);
        validatePrefixes(MAX_PREFIX_CHARS_CEILING, "the ceiling of any registration");
        if (routesBase()) {
            if (RoutedBundledModel.byName(base).isEmpty()) {
                throw new IllegalArgumentException("[base] must be a bundled model of the routed runtime " + RoutedBundledModel.names()
                    + ", got [" + base + "]");
            }
            double knob;
            try {
                knob = knob();
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("[router_knob] must be a number in [-1, 1], got [" + routerKnob + "]");
            }
            if (!(knob >= -1 && knob <= 1)) {
                throw new IllegalArgumentException("[router_knob] must be a number in [-1, 1], got [" + routerKnob + "]");
            }
        } else if (routerKnob.isEmpty() == false) {
            throw new IllegalArgumentException("[router_knob] applies to routers only: give [base], the bundled model they route");
        }
    }

    /** Both prefixes at most {@code maxChars} characters, or {@link IllegalArgumentException} naming the prefix. */
    public void validatePrefixes(int maxChars, String limitName) {
        prefix("query_prefix", queryPrefix, maxChars, limitName);
        prefix("passage_prefix", passagePrefix, maxChars, limitName);
    }

    private static void prefix(String field, String value, int maxChars, String limitName) {
        if (value.length() > maxChars) {
            throw new IllegalArgumentException("[" + field + "] is " + value.length() + " characters, over the limit of " + maxChars
                + " (" + limitName + ")");
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

    public static void validateName(String name) {
        if (name == null || !NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("model name [" + name + "] is invalid: use 1-64 of [a-z0-9_-], starting with a letter or digit");
        }
        if (ModelRegistry.isBundled(name)) {
            throw new IllegalArgumentException("model [" + name + "] is bundled with the plugin and cannot be overwritten or deleted");
        }
    }

    /** Registrations in the group setting's value ({@code <name>.<key>} keys); validates each when asked. */
    public static Map<String, ModelSpec> fromGroup(Settings group, boolean validate) {
        Map<String, ModelSpec> specs = new TreeMap<>();
        if (validate) {
            for (String key : group.keySet()) {
                if (key.indexOf('.') < 0) {
                    throw new IllegalArgumentException("unknown setting [" + SETTINGS_PREFIX + key + "]");
                }
            }
        }
        for (Map.Entry<String, Settings> e : group.getAsGroups().entrySet()) {
            String name = e.getKey();
            Settings s = e.getValue();
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
    public static void validateGroup(Settings group) {
        fromGroup(group, true);
    }
}
