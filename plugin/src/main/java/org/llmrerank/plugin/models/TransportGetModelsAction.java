package org.llmrerank.plugin.models;

import java.io.IOException;
import java.util.List;
import org.llmrerank.plugin.rest.ApiErrors;
import org.llmrerank.rest.ApiException;
import org.llmrerank.rest.models.ModelCatalog;
import org.llmrerank.rest.models.ModelListing;
import org.opensearch.action.FailedNodeException;
import org.opensearch.action.support.ActionFilters;
import org.opensearch.action.support.nodes.TransportNodesAction;
import org.opensearch.cluster.service.ClusterService;
import org.opensearch.common.inject.Inject;
import org.opensearch.core.action.ActionListener;
import org.opensearch.core.common.io.stream.StreamInput;
import org.opensearch.tasks.Task;
import org.opensearch.threadpool.ThreadPool;
import org.opensearch.transport.TransportService;

/** {@code GET _plugins/_llm_rerank/models[/{name}]}: bundled and registered models and where each is loaded. */
public class TransportGetModelsAction
    extends TransportNodesAction<ModelsRequest, ModelsResponse, ModelsRequest.Node, ModelsNodeResponse> {

    private final ModelCatalog catalog;

    @Inject
    public TransportGetModelsAction(ThreadPool threadPool, ClusterService clusterService, TransportService transportService,
                                    ActionFilters actionFilters, ModelCatalog catalog) {
        super(ModelActions.GET_NAME, threadPool, clusterService, transportService, actionFilters, ModelsRequest::new,
            ModelsRequest.Node::new, ThreadPool.Names.MANAGEMENT, ModelsNodeResponse.class);
        this.catalog = catalog;
    }

    @Override
    protected void doExecute(Task task, ModelsRequest request, ActionListener<ModelsResponse> listener) {
        if (request.name() != null) {
            try {
                catalog.requireListed(request.name());
            } catch (ApiException e) {
                listener.onFailure(ApiErrors.toOpenSearch(e));
                return;
            }
        }
        super.doExecute(task, request, listener);
    }

    @Override
    protected ModelsResponse newResponse(ModelsRequest request, List<ModelsNodeResponse> nodes, List<FailedNodeException> failures) {
        return new ModelsResponse(clusterService.getClusterName(), nodes, failures, ModelListing.canonical(request.name()),
            catalog.registered());
    }

    @Override
    protected ModelsRequest.Node newNodeRequest(ModelsRequest request) {
        return new ModelsRequest.Node();
    }

    @Override
    protected ModelsNodeResponse newNodeResponse(StreamInput in) throws IOException {
        return new ModelsNodeResponse(in);
    }

    @Override
    protected ModelsNodeResponse nodeOperation(ModelsRequest.Node request) {
        return new ModelsNodeResponse(clusterService.localNode(), catalog.loadedHere());
    }
}
