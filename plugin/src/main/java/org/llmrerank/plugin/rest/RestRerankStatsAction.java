package org.llmrerank.plugin.rest;

import static org.opensearch.rest.RestRequest.Method.GET;
import static org.opensearch.rest.RestRequest.Method.POST;

import java.util.ArrayList;
import java.util.List;
import org.llmrerank.plugin.stats.RerankStatsAction;
import org.llmrerank.plugin.stats.RerankStatsRequest;
import org.llmrerank.plugin.stats.RerankStatsResponse;
import org.llmrerank.rest.ApiException;
import org.llmrerank.rest.RestRoute;
import org.llmrerank.rest.stats.StatsReport;
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

    @Override
    public String getName() {
        return "llm_rerank_stats";
    }

    @Override
    public List<Route> routes() {
        List<Route> routes = new ArrayList<>(ApiRoutes.under("/_plugins", RestRoute.STATS));
        // OpenSearch's node-level APIs also take the nodes as a path segment
        routes.add(new Route(GET, BASE + "/{nodeId}/stats"));
        routes.add(new Route(GET, BASE + "/{nodeId}/stats/{stat}"));
        return routes;
    }

    @Override
    protected RestChannelConsumer prepareRequest(RestRequest request, NodeClient client) {
        String[] nodeIds = Strings.splitStringByCommaToArray(request.param("nodeId"));
        String stat = request.param("stat");
        try {
            StatsReport.checkStat(stat);
        } catch (ApiException e) {
            throw ApiErrors.toOpenSearch(e);
        }
        boolean reset = request.method() == POST;
        RerankStatsRequest statsRequest = new RerankStatsRequest(nodeIds);
        return channel -> client.execute(reset ? RerankStatsAction.RESET : RerankStatsAction.INSTANCE, statsRequest,
            ActionListener.map(new RestToXContentListener<>(channel), (RerankStatsResponse r) -> stat == null ? r : r.only(stat)));
    }
}
