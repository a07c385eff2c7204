package org.llmrerank.rest.models;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Rewrites messages about model files so that they name files relative to the models directory, as
 * {@code x/model.onnx}, and never by the node's absolute path: ONNX Runtime, DJL, Jackson and the JDK
 * put the path (or its {@code file:} URL) into their messages, and those reach search responses, the
 * stats and 400s, where they would tell every caller how the node's disk is laid out.
 */
public final class ModelPathRedactor {

    /** What stands in for the directory itself when a message names it alone. */
    static final String ROOT_LABEL = "[plugins.llm_rerank.models_path]";

    private final List<String> roots; // longest first, so a URL form is replaced before the path it contains

    public ModelPathRedactor(Path modelsRoot) {
        Set<Path> paths = new LinkedHashSet<>();
        Path absolute = modelsRoot.toAbsolutePath().normalize();
        paths.add(absolute);
        try {
            paths.add(absolute.toRealPath());
        } catch (IOException | SecurityException e) {
            // a directory that does not exist yet has no other spelling
        }
        Set<String> forms = new LinkedHashSet<>();
        for (Path p : paths) {
            String uri = p.toUri().toString(); // file:///a/b/ (percent-encoded)
            forms.add(trimSlash(uri));
            forms.add(trimSlash("file:" + uri.substring("file://".length())));
            forms.add("file:" + p);
            forms.add(p.toString());
        }
        List<String> sorted = new ArrayList<>(forms);
        sorted.sort(Comparator.comparingInt(String::length).reversed());
        this.roots = List.copyOf(sorted);
    }

    /** {@code message} with every spelling of the models directory removed from the file names in it. */
    public String redact(String message) {
        if (message == null) {
            return null;
        }
        String out = message;
        for (String root : roots) {
            out = out.replace(root + "/", "").replace(root + "\\", "");
        }
        for (String root : roots) {
            out = out.replace(root, ROOT_LABEL);
        }
        return out;
    }

    private static String trimSlash(String s) {
        return s.endsWith("/") ? s.substring(0, s.length() - 1) : s;
    }
}
