package org.llmrerank.rest.stats;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.llmrerank.rest.ApiException;
import org.llmrerank.scheduler.SchedulerStats;

/**
 * The body of the stats API: {@code {"_nodes": {...}, "cluster_name": ..., "cluster": {...}, "nodes": {id: {...}}}}, in
 * full or showing one top-level stat ({@code /stats/{stat}}). The cluster section adds the node sections up.
 */
public final class StatsReport {

    /** The top-level stats a node reports, its counters and its gauges: what {@code {stat}} may name. */
    public static final Set<String> STATS = topLevelStats();

    private StatsReport() {}

    /** One node's answer, under its id. */
    public record NodeEntry(String nodeId, NodeStats stats) {}

    /** @throws ApiException a 400 naming [stat] when {@code stat} is not null and not one of {@link #STATS} */
    public static void checkStat(String stat) {
        if (stat != null && STATS.contains(stat) == false) {
            throw ApiException.badRequest("[stat] unknown stat [" + stat + "]; expected one of " + STATS);
        }
    }

    /** @param stat null for every stat */
    public static Map<String, Object> render(String clusterName, List<NodeEntry> nodes, int failedNodes, String stat) {
        Map<String, Object> out = new LinkedHashMap<>();
        Map<String, Object> counts = new LinkedHashMap<>();
        counts.put("total", nodes.size() + failedNodes);
        counts.put("successful", nodes.size());
        counts.put("failed", failedNodes);
        out.put("_nodes", counts);
        out.put("cluster_name", clusterName);
        out.put("cluster", select(StatsRendering.cluster(ClusterStats.of(nodes.stream().map(NodeEntry::stats).toList())), stat));
        Map<String, Object> bySection = new LinkedHashMap<>();
        for (NodeEntry n : nodes) {
            bySection.put(n.nodeId(), select(StatsRendering.node(n.stats()), stat));
        }
        out.put("nodes", bySection);
        return out;
    }

    private static Map<String, Object> select(Map<String, Object> all, String stat) {
        if (stat == null) {
            return all;
        }
        Map<String, Object> one = new LinkedHashMap<>();
        one.put(stat, all.get(stat));
        return one;
    }

    private static Set<String> topLevelStats() {
        RerankCounters counters = new RerankCounters();
        counters.setSchedulerStats(new SchedulerStats());
        return new TreeSet<>(StatsRendering.node(NodeRuntimeStats.none().addTo(counters.snapshot())).keySet());
    }
}
