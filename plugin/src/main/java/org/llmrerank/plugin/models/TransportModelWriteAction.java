package org.llmrerank.plugin.models;

import org.llmrerank.plugin.rest.ApiErrors;
import org.llmrerank.rest.models.ModelCatalog;
import org.llmrerank.rest.models.ModelRegistration;
import org.opensearch.action.support.ActionFilters;
import org.opensearch.action.support.HandledTransportAction;
import org.opensearch.action.support.clustermanager.AcknowledgedResponse;
import org.opensearch.common.inject.Inject;
import org.opensearch.common.settings.Settings;
import org.opensearch.core.action.ActionListener;
import org.opensearch.tasks.Task;
import org.opensearch.threadpool.ThreadPool;
import org.opensearch.transport.TransportService;
import org.opensearch.transport.client.Client;

/**
 * PUT and DELETE of a registration. Both validate on the node that received the request (on the
 * generic pool: a PUT opens the ONNX graph once to prove it loads, then frees it; {@link ModelRegistration}), then
 * write the persistent cluster settings {@code plugins.llm_rerank.models.<name>.*}; every node applies the
 * change from the cluster state (registers the model for lazy loading, or unloads it).
 */
public abstract class TransportModelWriteAction extends HandledTransportAction<ModelRequest, AcknowledgedResponse> {

    protected final Client client;
    protected final ThreadPool threadPool;
    protected final ModelCatalog catalog;

    protected TransportModelWriteAction(String name, TransportService transportService, ActionFilters actionFilters,
                                        Client client, ThreadPool threadPool, ModelCatalog catalog) {
        super(name, transportService, actionFilters, ModelRequest::new);
        this.client = client;
        this.threadPool = threadPool;
        this.catalog = catalog;
    }

    @Override
    protected void doExecute(Task task, ModelRequest request, ActionListener<AcknowledgedResponse> listener) {
        threadPool.generic().execute(() -> {
            Settings update;
            try {
                update = settingsUpdate(request);
            } catch (Exception e) {
                listener.onFailure(ApiErrors.toOpenSearch(e));
                return;
            }
            client.admin().cluster().prepareUpdateSettings().setPersistentSettings(update)
                .execute(ActionListener.map(listener, r -> new AcknowledgedResponse(r.isAcknowledged())));
        });
    }

    /** The persistent settings to write; throws {@link IllegalArgumentException} (400) for a bad request. */
    protected abstract Settings settingsUpdate(ModelRequest request) throws Exception;

    /** {@code PUT _plugins/_llm_rerank/models/{name}}. */
    public static final class Put extends TransportModelWriteAction {
        @Inject
        public Put(TransportService transportService, ActionFilters actionFilters, Client client, ThreadPool threadPool, ModelCatalog catalog) {
            super(ModelActions.PUT_NAME, transportService, actionFilters, client, threadPool, catalog);
        }

        @Override
        protected Settings settingsUpdate(ModelRequest request) {
            Settings.Builder b = Settings.builder();
            ModelRegistration.put(catalog, request.name(), request.spec()).forEach(b::put);
            return b.build();
        }
    }

    /** {@code DELETE _plugins/_llm_rerank/models/{name}}: every node unloads it when it applies the change. */
    public static final class Delete extends TransportModelWriteAction {
        @Inject
        public Delete(TransportService transportService, ActionFilters actionFilters, Client client, ThreadPool threadPool, ModelCatalog catalog) {
            super(ModelActions.DELETE_NAME, transportService, actionFilters, client, threadPool, catalog);
        }

        @Override
        protected Settings settingsUpdate(ModelRequest request) {
            Settings.Builder b = Settings.builder();
            ModelRegistration.delete(catalog, request.name()).keySet().forEach(b::putNull);
            return b.build();
        }
    }
}
