package org.llmrerank.elasticsearch.rest;

import static org.elasticsearch.rest.RestRequest.Method.POST;

import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import java.util.function.Supplier;
import org.elasticsearch.client.internal.node.NodeClient;
import org.elasticsearch.features.NodeFeature;
import org.elasticsearch.rest.BaseRestHandler;
import org.elasticsearch.rest.RestRequest;
import org.elasticsearch.rest.action.RestCancellableNodeClient;
import org.elasticsearch.rest.action.RestToXContentListener;
import org.elasticsearch.search.builder.SearchSourceBuilder;
import org.llmrerank.elasticsearch.eval.EvalAction;
import org.llmrerank.elasticsearch.eval.EvalActionRequest;
import org.llmrerank.elasticsearch.eval.SearchSourceBodies;
import org.llmrerank.rest.ApiException;
import org.llmrerank.rest.eval.EvalRequest;

/**
 * {@code POST _llm_rerank/_eval}: judged queries through the same search path as users', against the first-stage
 * baseline; NDCG@k, MRR@k, MAP, PFLOPs per query, RPP, QPP. The searches run with the caller's own permissions on the
 * index. The evaluation is a task bound to the HTTP channel: when the client goes away it is cancelled, and so are its
 * searches.
 */
public class RestEvalAction extends BaseRestHandler {

    private final Supplier<EvalRequest.Limits> limits;
    private final Predicate<NodeFeature> clusterSupportsFeature;

    /** @param limits the cluster's bounds on a request, as they are when it arrives */
    public RestEvalAction(Supplier<EvalRequest.Limits> limits, Predicate<NodeFeature> clusterSupportsFeature) {
        this.limits = limits;
        this.clusterSupportsFeature = clusterSupportsFeature;
    }

    @Override
    public String getName() {
        return "llm_rerank_eval";
    }

    @Override
    public List<Route> routes() {
        return List.of(new Route(POST, "/_llm_rerank/_eval"));
    }

    @Override
    protected RestChannelConsumer prepareRequest(RestRequest request, NodeClient client) throws IOException {
        if (request.hasContent() == false) {
            throw new IllegalArgumentException("[_eval] needs a body: {\"index\", \"requests\", \"qrels\" or \"qrels_trec\"}");
        }
        Map<String, Object> body = RequestBodies.oneObject(request.contentParser(), "_eval");
        EvalRequest<SearchSourceBuilder> eval;
        try {
            eval = EvalRequest.parse(body, limits.get(), new SearchSourceBodies(request.contentParserConfig().registry(),
                clusterSupportsFeature));
        } catch (ApiException e) {
            // every error of the body at once, as a validation failure however many there are
            throw ApiErrors.validationFailure(e);
        }
        return channel -> new RestCancellableNodeClient(client, request.getHttpChannel())
            .execute(EvalAction.INSTANCE, new EvalActionRequest(eval), new RestToXContentListener<>(channel));
    }
}
