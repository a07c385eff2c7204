package org.llmrerank.elasticsearch.models;

import java.io.IOException;
import java.util.List;
import org.elasticsearch.action.ActionListener;
import org.elasticsearch.action.FailedNodeException;
import org.elasticsearch.action.support.ActionFilters;
import org.elasticsearch.action.support.nodes.TransportNodesAction;
import org.elasticsearch.cluster.node.DiscoveryNode;
import org.elasticsearch.cluster.service.ClusterService;
import org.elasticsearch.common.io.stream.StreamInput;
import org.elasticsearch.injection.guice.Inject;
import org.elasticsearch.tasks.Task;
import org.elasticsearch.threadpool.ThreadPool;
import org.elasticsearch.transport.TransportService;
import org.llmrerank.elasticsearch.rest.ApiErrors;
import org.llmrerank.rest.ApiException;
import org.llmrerank.rest.models.ModelCatalog;
import org.llmrerank.rest.models.ModelListing;

/** {@code GET _llm_rerank/models[/{name}]}: bundled and registered models and where each is loaded. */
public class TransportGetModelsAction
    extends TransportNodesAction<ModelsRequest, ModelsResponse, ModelsRequest.Node, ModelsNodeResponse, Void> {

    private final ModelCatalog catalog;

    @Inject
    public TransportGetModelsAction(ThreadPool threadPool, ClusterService clusterService, TransportService transportService,
                                    ActionFilters actionFilters, ModelCatalog catalog) {
        super(ModelActions.GET.name(), clusterService, transportService, actionFilters, ModelsRequest.Node::new,
            threadPool.executor(ThreadPool.Names.MANAGEMENT));
        this.catalog = catalog;
    }

    @Override
    protected void doExecute(Task task, ModelsRequest request, ActionListener<ModelsResponse> listener) {
        if (request.name() != null) {
            try {
                catalog.requireListed(request.name());
            } catch (ApiException e) {
                listener.onFailure(ApiErrors.toElasticsearch(e));
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
    protected ModelsNodeResponse newNodeResponse(StreamInput in, DiscoveryNode node) throws IOException {
        return new ModelsNodeResponse(in, node);
    }

    @Override
    protected ModelsNodeResponse nodeOperation(ModelsRequest.Node request, Task task) {
        return new ModelsNodeResponse(clusterService.localNode(), catalog.loadedHere());
    }
}
