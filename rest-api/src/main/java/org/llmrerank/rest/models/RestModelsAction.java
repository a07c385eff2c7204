package org.llmrerank.rest.models;

import static org.opensearch.rest.RestRequest.Method.DELETE;
import static org.opensearch.rest.RestRequest.Method.GET;
import static org.opensearch.rest.RestRequest.Method.PUT;

import java.io.IOException;
import java.util.List;
import java.util.Map;
import org.opensearch.rest.BaseRestHandler;
import org.opensearch.rest.RestRequest;
import org.opensearch.rest.action.RestToXContentListener;
import org.opensearch.transport.client.node.NodeClient;

/**
 * {@code PUT|DELETE _plugins/_llm_rerank/models/{name}} and {@code GET _plugins/_llm_rerank/models[/{name}]}.
 * PUT body: {@code {"path": "dir/relative/to/models_path", "pooling": "cls|mean", "query_prefix": "", "passage_prefix": ""}}.
 */
public class RestModelsAction extends BaseRestHandler {

    static final String BASE = "/_plugins/_llm_rerank/models";

    @Override
    public String getName() {
        return "llm_rerank_models";
    }

    @Override
    public List<Route> routes() {
        return List.of(new Route(GET, BASE), new Route(GET, BASE + "/{name}"), new Route(PUT, BASE + "/{name}"),
            new Route(DELETE, BASE + "/{name}"));
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
        ModelRequest put = new ModelRequest(name, parseSpec(request));
        return channel -> client.execute(ModelActions.PUT, put, new RestToXContentListener<>(channel));
    }

    private static ModelSpec parseSpec(RestRequest request) throws IOException {
        if (!request.hasContentOrSourceParam()) {
            throw new IllegalArgumentException("request body is required: {\"path\": ..., \"pooling\": \"cls|mean\"}");
        }
        Map<String, Object> body = org.llmrerank.rest.RequestBodies.oneObject(request.contentOrSourceParamParser(), "models");
        for (Map.Entry<String, Object> e : body.entrySet()) {
            if (!ModelSpec.KEYS.contains(e.getKey())) {
                throw new IllegalArgumentException("unknown field [" + e.getKey() + "]; expected " + ModelSpec.KEYS);
            }
            boolean knobNumber = "router_knob".equals(e.getKey()) && e.getValue() instanceof Number;
            if (!(e.getValue() instanceof String) && !knobNumber) {
                throw new IllegalArgumentException("[" + e.getKey() + "] must be a string");
            }
        }
        Object knob = body.get("router_knob");
        return new ModelSpec((String) body.get("path"), (String) body.get("pooling"), (String) body.get("query_prefix"),
            (String) body.get("passage_prefix"), (String) body.get("base"), knob == null ? null : knob.toString());
    }
}
