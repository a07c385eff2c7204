package org.llmrerank.rest;

import static org.opensearch.rest.RestRequest.Method.GET;
import static org.opensearch.rest.RestRequest.Method.POST;

import java.util.List;
import org.llmrerank.rest.stats.RerankStatsAction;
import org.llmrerank.rest.stats.RerankStatsRequest;
import org.llmrerank.rest.stats.RerankStatsResponse;
import org.opensearch.core.action.ActionListener;
import org.opensearch.core.common.Strings;
import org.opensearch.rest.BaseRestHandler;
import org.opensearch.rest.RestRequest;
import org.opensearch.rest.action.RestToXContentListener;
import org.opensearch.transport.client.node.NodeClient;

/**
 * {@code GET _plugins/_llm_rerank/stats[/{stat}]}, {@code GET _plugins/_llm_rerank/{nodeId}/stats[/{stat}]}
 * and {@code POST _plugins/_llm_rerank/stats/_reset}, over a transport nodes action: node sections
 * plus a cluster section of summed counters and ratios of sums.
 */
public class RestRerankStatsAction extends BaseRestHandler {

    static final String BASE = "/_plugins/_llm_rerank";
    /** The top-level stats a node reports, its counters and its gauges: what {stat} may name. */
    static final java.util.Set<String> STATS = topLevelStats();

    private static java.util.Set<String> topLevelStats() {
        org.llmrerank.scheduler.RerankCounters counters = new org.llmrerank.scheduler.RerankCounters();
        counters.setSchedulerStats(new org.llmrerank.scheduler.SchedulerStats());
        return new java.util.TreeSet<>(org.llmrerank.scheduler.RerankCounters.forDisplay(
            org.llmrerank.rest.stats.NodeRuntimeStats.none().addTo(counters.snapshot())).keySet());
    }

    @Override
    public String getName() {
        return "llm_rerank_stats";
    }

    @Override
    public List<Route> routes() {
        return List.of(
            new Route(GET, BASE + "/stats"),
            new Route(GET, BASE + "/stats/{stat}"),
            new Route(GET, BASE + "/{nodeId}/stats"),
            new Route(GET, BASE + "/{nodeId}/stats/{stat}"),
            new Route(POST, BASE + "/stats/_reset"));
    }

    @Override
    protected RestChannelConsumer prepareRequest(RestRequest request, NodeClient client) {
        String[] nodeIds = Strings.splitStringByCommaToArray(request.param("nodeId"));
        String stat = request.param("stat");
        if (stat != null && STATS.contains(stat) == false) {
            throw new IllegalArgumentException("[stat] unknown stat [" + stat + "]; expected one of " + STATS);
        }
        boolean reset = request.method() == POST;
        RerankStatsRequest statsRequest = new RerankStatsRequest(nodeIds);
        return channel -> client.execute(reset ? RerankStatsAction.RESET : RerankStatsAction.INSTANCE, statsRequest,
            ActionListener.map(new RestToXContentListener<>(channel), (RerankStatsResponse r) -> stat == null ? r : r.only(stat)));
    }
}
