package org.llmrerank.elasticsearch.stats;

import static org.elasticsearch.rest.RestRequest.Method.POST;

import java.util.List;
import org.elasticsearch.client.internal.node.NodeClient;
import org.elasticsearch.common.Strings;
import org.elasticsearch.rest.BaseRestHandler;
import org.elasticsearch.rest.RestRequest;
import org.elasticsearch.rest.action.RestToXContentListener;
import org.llmrerank.elasticsearch.rest.ApiErrors;
import org.llmrerank.elasticsearch.rest.ApiRoutes;
import org.llmrerank.rest.ApiException;
import org.llmrerank.rest.RestRoute;
import org.llmrerank.rest.stats.StatsReport;

/**
 * {@code GET _llm_rerank/stats[/{stat}]} and {@code POST _llm_rerank/stats/_reset}, each for every node or those
 * {@code ?nodes=} names, over a transport nodes action: node sections plus a cluster section of summed counters and
 * ratios of sums, in the fields and layout of OpenSearch's {@code _plugins/_llm_rerank/stats}.
 */
public class RestRerankStatsAction extends BaseRestHandler {

    @Override
    public String getName() {
        return "llm_rerank_stats";
    }

    @Override
    public List<Route> routes() {
        return ApiRoutes.under("", RestRoute.STATS);
    }

    @Override
    protected RestChannelConsumer prepareRequest(RestRequest request, NodeClient client) {
        String[] nodeIds = Strings.splitStringByCommaToArray(request.param("nodes"));
        String stat = request.param("stat");
        try {
            StatsReport.checkStat(stat);
        } catch (ApiException e) {
            throw ApiErrors.toElasticsearch(e);
        }
        boolean reset = request.method() == POST;
        RerankStatsRequest statsRequest = new RerankStatsRequest(nodeIds);
        return channel -> client.execute(reset ? RerankStatsAction.RESET : RerankStatsAction.INSTANCE, statsRequest,
            new RestToXContentListener<RerankStatsResponse>(channel).map(r -> stat == null ? r : r.only(stat)));
    }
}
