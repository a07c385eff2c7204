package org.llmrerank.rest.models;

import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.llmrerank.routing.BundledModel;
import org.llmrerank.rescorer.model.ModelDescriptor;
import org.llmrerank.rescorer.model.ModelDescriptors;
import org.llmrerank.routing.runtime.RoutedBundledModel;

/**
 * The body of {@code GET _plugins/_llm_rerank/models[/{name}]}:
 * {@code {"_nodes": {...}, "models": {name: {"source": "bundled"|"registered", ...spec, "nodes": {nodeId: {"name", "loaded"}}}}}}.
 */
public final class ModelListing {

    private ModelListing() {}

    /** Where one node has which models loaded. */
    public record NodeModels(String nodeId, String nodeName, Map<String, Boolean> loaded) {}

    /**
     * Every model a node offers: the bundled ones (and their per-layer forms), those of the routed runtime where its engine ships (a build without
     * DJL offers none), and the registrations.
     */
    public static Set<String> names(Map<String, ModelSpec> registered) {
        Set<String> names = new LinkedHashSet<>();
        for (BundledModel m : BundledModel.values()) {
            names.add(m.modelName());
        }
        for (BundledModel m : ModelDescriptors.LAYERED) {
            names.add(new ModelDescriptor.Layered(m).name());
        }
        for (RoutedBundledModel m : RoutedBundledModel.values()) {
            if (m.runtimeAvailable()) {
                names.add(m.modelName());
            }
        }
        names.addAll(registered.keySet());
        return names;
    }

    /** The name a model is listed under: a bundled model's own name for any of its aliases. */
    public static String canonical(String name) {
        return name == null ? null : BundledModel.byName(name).map(BundledModel::modelName).orElse(name);
    }

    /** @param name the one model to list (its canonical name), or null for all */
    public static Map<String, Object> render(List<NodeModels> nodes, int failedNodes, String name, Map<String, ModelSpec> registered) {
        Map<String, Object> out = new LinkedHashMap<>();
        Map<String, Object> counts = new LinkedHashMap<>();
        counts.put("total", nodes.size() + failedNodes);
        counts.put("successful", nodes.size());
        counts.put("failed", failedNodes);
        out.put("_nodes", counts);
        Map<String, Object> models = new LinkedHashMap<>();
        for (String n : names(registered)) {
            if (name != null && !name.equals(n)) {
                continue;
            }
            Map<String, Object> model = describe(registered.get(n));
            Map<String, Object> where = new LinkedHashMap<>();
            for (NodeModels node : nodes) {
                Map<String, Object> one = new LinkedHashMap<>();
                one.put("name", node.nodeName());
                one.put("loaded", Boolean.TRUE.equals(node.loaded().get(n)));
                where.put(node.nodeId(), one);
            }
            model.put("nodes", where);
            models.put(n, model);
        }
        out.put("models", models);
        return out;
    }

    private static Map<String, Object> describe(ModelSpec spec) {
        Map<String, Object> m = new LinkedHashMap<>();
        if (spec == null) {
            m.put("source", "bundled");
            return m;
        }
        m.put("source", "registered");
        m.put("path", spec.path());
        m.put("pooling", spec.pooling());
        m.put("query_prefix", spec.queryPrefix());
        m.put("passage_prefix", spec.passagePrefix());
        if (spec.routesBase()) {
            m.put("base", spec.base());
            m.put("router_knob", spec.knob());
        }
        return m;
    }
}
