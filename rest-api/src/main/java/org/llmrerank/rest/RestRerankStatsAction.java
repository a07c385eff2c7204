package org.llmrerank.rest;

import static org.opensearch.rest.RestRequest.Method.GET;

import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.llmrerank.scheduler.RerankCounters;
import org.opensearch.core.rest.RestStatus;
import org.opensearch.core.xcontent.XContentBuilder;
import org.opensearch.rest.BaseRestHandler;
import org.opensearch.rest.BytesRestResponse;
import org.opensearch.rest.RestRequest;
import org.opensearch.transport.client.node.NodeClient;

/**
 * {@code GET _plugins/_llm_rerank/stats}: the counters of the node that receives the request.
 * Cluster-wide aggregation over a transport nodes action comes with the stats issue; until then the
 * response says which node it describes.
 */
public class RestRerankStatsAction extends BaseRestHandler {

    private final RerankCounters counters;
    private final Supplier<String> nodeId;

    public RestRerankStatsAction(RerankCounters counters, Supplier<String> nodeId) {
        this.counters = counters;
        this.nodeId = nodeId;
    }

    @Override
    public String getName() {
        return "llm_rerank_stats";
    }

    @Override
    public List<Route> routes() {
        return List.of(new Route(GET, "/_plugins/_llm_rerank/stats"));
    }

    @Override
    protected RestChannelConsumer prepareRequest(RestRequest request, NodeClient client) {
        return channel -> {
            Map<String, Object> snapshot = counters.snapshot();
            XContentBuilder b = channel.newBuilder();
            b.startObject();
            b.field("scope", "node");
            b.startObject("nodes").field(nodeId.get(), snapshot).endObject();
            b.endObject();
            channel.sendResponse(new BytesRestResponse(RestStatus.OK, b));
        };
    }
}
