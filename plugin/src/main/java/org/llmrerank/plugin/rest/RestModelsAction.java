package org.llmrerank.plugin.rest;

import static org.opensearch.rest.RestRequest.Method.DELETE;
import static org.opensearch.rest.RestRequest.Method.GET;

import java.io.IOException;
import java.util.List;
import java.util.Map;
import org.llmrerank.plugin.models.ModelActions;
import org.llmrerank.plugin.models.ModelRequest;
import org.llmrerank.plugin.models.ModelsRequest;
import org.llmrerank.rest.ApiException;
import org.llmrerank.rest.RestRoute;
import org.llmrerank.rest.models.ModelRegistrationBody;
import org.llmrerank.rest.models.ModelSpec;
import org.opensearch.rest.BaseRestHandler;
import org.opensearch.rest.RestRequest;
import org.opensearch.rest.action.RestToXContentListener;
import org.opensearch.transport.client.node.NodeClient;

/**
 * {@code PUT|DELETE _plugins/_llm_rerank/models/{name}} and {@code GET _plugins/_llm_rerank/models[/{name}]}; the PUT
 * body is {@link ModelRegistrationBody}'s.
 */
public class RestModelsAction extends BaseRestHandler {

    @Override
    public String getName() {
        return "llm_rerank_models";
    }

    @Override
    public List<Route> routes() {
        return ApiRoutes.under("/_plugins", RestRoute.MODELS);
    }

    @Override
    protected RestChannelConsumer prepareRequest(RestRequest request, NodeClient client) throws IOException {
        String name = request.param("name");
        if (request.method() == GET) {
            ModelsRequest get = new ModelsRequest(name);
            return channel -> client.execute(ModelActions.GET, get, new RestToXContentListener<>(channel));
        }
        if (request.method() == DELETE) {
            ModelRequest delete = new ModelRequest(name, null);
            return channel -> client.execute(ModelActions.DELETE, delete, new RestToXContentListener<>(channel));
        }
        ModelRequest put = new ModelRequest(name, parseSpec(name, request));
        return channel -> client.execute(ModelActions.PUT, put, new RestToXContentListener<>(channel));
    }

    private static ModelSpec parseSpec(String name, RestRequest request) throws IOException {
        if (!request.hasContentOrSourceParam()) {
            throw new IllegalArgumentException(ModelRegistrationBody.REQUIRED);
        }
        Map<String, Object> body = RequestBodies.oneObject(request.contentOrSourceParamParser(), "models");
        try {
            return ModelRegistrationBody.parse(name, body);
        } catch (ApiException e) {
            throw ApiErrors.toOpenSearch(e);
        }
    }
}
