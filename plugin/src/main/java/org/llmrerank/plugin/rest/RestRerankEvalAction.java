package org.llmrerank.plugin.rest;

import static org.opensearch.rest.RestRequest.Method.POST;

import java.util.List;
import java.util.Map;
import org.llmrerank.plugin.eval.EvalAction;
import org.llmrerank.plugin.eval.EvalActionRequest;
import org.llmrerank.plugin.eval.EvalSettings;
import org.llmrerank.plugin.eval.SearchSourceBodies;
import org.llmrerank.rest.ApiException;
import org.llmrerank.rest.eval.EvalRequest;
import org.opensearch.rest.BaseRestHandler;
import org.opensearch.rest.RestRequest;
import org.opensearch.rest.action.RestCancellableNodeClient;
import org.opensearch.rest.action.RestToXContentListener;
import org.opensearch.search.builder.SearchSourceBuilder;
import org.opensearch.transport.client.node.NodeClient;

/**
 * {@code POST _plugins/_llm_rerank/_eval}: judged queries through the same search path as users',
 * against the first-stage baseline; NDCG@k, MRR@k, MAP, PFLOPs per query, RPP, QPP. The searches run
 * with the caller's own permissions on the index. The evaluation is a task bound to the HTTP channel:
 * when the client goes away it is cancelled, and so are its searches.
 */
public class RestRerankEvalAction extends BaseRestHandler {

    private final EvalSettings limits;

    public RestRerankEvalAction(EvalSettings limits) {
        this.limits = limits;
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
        Map<String, Object> body = RequestBodies.oneObject(request.contentParser(), "_eval");
        EvalRequest<SearchSourceBuilder> eval;
        try {
            eval = EvalRequest.parse(body, limits.limits(), new SearchSourceBodies(request.getXContentRegistry()));
        } catch (ApiException e) {
            // every error of the body at once, as a validation failure however many there are
            throw ApiErrors.validationFailure(e);
        }
        return channel -> new RestCancellableNodeClient(client, request.getHttpChannel())
            .execute(EvalAction.INSTANCE, new EvalActionRequest(eval), new RestToXContentListener<>(channel));
    }
}
