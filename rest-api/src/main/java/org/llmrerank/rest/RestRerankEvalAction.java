package org.llmrerank.rest;

import static org.opensearch.rest.RestRequest.Method.POST;

import java.util.List;
import java.util.Map;
import org.llmrerank.rest.eval.EvalRequest;
import org.llmrerank.rest.eval.Evaluations;
import org.llmrerank.scheduler.RerankCounters;
import org.opensearch.ExceptionsHelper;
import org.opensearch.core.action.ActionListener;
import org.opensearch.core.rest.RestStatus;
import org.opensearch.core.xcontent.XContentLocation;
import org.opensearch.core.xcontent.XContentParser;
import org.opensearch.rest.BaseRestHandler;
import org.opensearch.rest.BytesRestResponse;
import org.opensearch.rest.RestRequest;
import org.opensearch.transport.client.node.NodeClient;

/**
 * {@code POST _plugins/_llm_rerank/_eval}: judged queries through the same search path as users',
 * against the first-stage baseline; NDCG@k, MRR@k, MAP, PFLOPs per query, RPP, QPP. The searches run
 * with the caller's own permissions on the index.
 */
public class RestRerankEvalAction extends BaseRestHandler {

    private final RerankCounters counters;

    public RestRerankEvalAction(RerankCounters counters) {
        this.counters = counters;
    }

    @Override
    public String getName() {
        return "llm_rerank_eval";
    }

    @Override
    public List<Route> routes() {
        return List.of(new Route(POST, RestRerankStatsAction.BASE + "/_eval"));
    }

    @Override
    protected RestChannelConsumer prepareRequest(RestRequest request, NodeClient client) throws java.io.IOException {
        if (request.hasContent() == false) {
            throw new IllegalArgumentException("[_eval] needs a body: {\"index\", \"requests\", \"qrels\" or \"qrels_trec\"}");
        }
        Map<String, Object> body;
        try (XContentParser parser = request.contentParser()) {
            body = parser.map();
            if (parser.nextToken() != null) {
                XContentLocation at = parser.getTokenLocation();
                throw new IllegalArgumentException("[" + at.lineNumber + ":" + at.columnNumber + "] [_eval] the body must be one JSON object, "
                    + "found more after its end");
            }
        } catch (java.io.IOException | RuntimeException e) {
            if (ExceptionsHelper.status(e) != RestStatus.INTERNAL_SERVER_ERROR) {
                throw e;
            }
            // the JSON parser's own limits (nesting depth, number and string length) refuse the caller's body: a 400
            throw new IllegalArgumentException("[_eval] the body cannot be parsed: " + e.getMessage(), e);
        }
        EvalRequest eval = EvalRequest.parse(body, request.getXContentRegistry());
        return channel -> Evaluations.run(client, eval, counters, ActionListener.wrap(
            report -> channel.sendResponse(new BytesRestResponse(RestStatus.OK, channel.newBuilder().map(report))),
            e -> {
                try {
                    channel.sendResponse(new BytesRestResponse(channel, e));
                } catch (java.io.IOException inner) {
                    inner.addSuppressed(e);
                    channel.sendResponse(new BytesRestResponse(RestStatus.INTERNAL_SERVER_ERROR, "failed to send the error of [_eval]"));
                }
            }));
    }
}
