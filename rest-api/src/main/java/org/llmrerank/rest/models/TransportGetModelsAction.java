package org.llmrerank.rest.models;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.llmrerank.rescorer.ModelRegistry;
import org.llmrerank.routing.BundledModel;
import org.opensearch.ResourceNotFoundException;
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
        String name = request.name();
        if (name != null && !ModelRegistry.isBundled(name) && !catalog.registered().containsKey(name)) {
            listener.onFailure(new ResourceNotFoundException("model [" + name + "] is neither bundled nor registered"));
            return;
        }
        super.doExecute(task, request, listener);
    }

    @Override
    protected ModelsResponse newResponse(ModelsRequest request, List<ModelsNodeResponse> nodes, List<FailedNodeException> failures) {
        String name = request.name();
        String canonical = name == null ? null : BundledModel.byName(name).map(BundledModel::modelName).orElse(name);
        return new ModelsResponse(clusterService.getClusterName(), nodes, failures, canonical, catalog.registered());
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
        Map<String, Boolean> loaded = new LinkedHashMap<>();
        for (BundledModel m : BundledModel.values()) {
            loaded.put(m.modelName(), catalog.isLoaded(m.modelName()));
        }
        for (org.llmrerank.routing.runtime.RoutedBundledModel m : org.llmrerank.routing.runtime.RoutedBundledModel.values()) {
            if (m.runtimeAvailable()) { // the routed runtime ships in the plugin zip; a build without DJL offers none
                loaded.put(m.modelName(), catalog.isLoaded(m.modelName()));
            }
        }
        for (String n : catalog.registered().keySet()) {
            loaded.put(n, catalog.isLoaded(n));
        }
        return new ModelsNodeResponse(clusterService.localNode(), loaded);
    }
}
