package org.llmrerank.elasticsearch.models;

import java.util.Map;
import org.elasticsearch.action.ActionListener;
import org.elasticsearch.action.support.ActionFilters;
import org.elasticsearch.action.support.HandledTransportAction;
import org.elasticsearch.action.support.master.AcknowledgedResponse;
import org.elasticsearch.client.internal.Client;
import org.elasticsearch.common.settings.Settings;
import org.elasticsearch.common.util.concurrent.EsExecutors;
import org.elasticsearch.core.TimeValue;
import org.elasticsearch.injection.guice.Inject;
import org.elasticsearch.tasks.Task;
import org.elasticsearch.threadpool.ThreadPool;
import org.elasticsearch.transport.TransportService;
import org.llmrerank.elasticsearch.rest.ApiErrors;
import org.llmrerank.rest.models.ModelCatalog;
import org.llmrerank.rest.models.ModelRegistration;

/**
 * PUT and DELETE of a registration. Both are checked on the node that received the request, on the generic pool (a
 * PUT reads the files and opens an ONNX graph once to prove it loads: {@link ModelRegistration}), then written as
 * persistent cluster settings {@code plugins.llm_rerank.models.<name>.*}, as the caller (who needs the right to update
 * cluster settings); every node applies the change from the cluster state.
 */
public abstract class TransportModelWriteAction extends HandledTransportAction<ModelRequest, AcknowledgedResponse> {

    /** How long the master may take to apply the registration, and the nodes to acknowledge it. */
    static final TimeValue CLUSTER_STATE_TIMEOUT = TimeValue.timeValueSeconds(30);

    private final Client client;
    private final ThreadPool threadPool;
    protected final ModelCatalog catalog;

    protected TransportModelWriteAction(String name, TransportService transportService, ActionFilters actionFilters, Client client,
                                        ThreadPool threadPool, ModelCatalog catalog) {
        super(name, transportService, actionFilters, ModelRequest::new, EsExecutors.DIRECT_EXECUTOR_SERVICE);
        this.client = client;
        this.threadPool = threadPool;
        this.catalog = catalog;
    }

    @Override
    protected void doExecute(Task task, ModelRequest request, ActionListener<AcknowledgedResponse> listener) {
        threadPool.generic().execute(() -> {
            Settings.Builder update = Settings.builder();
            try {
                settingsUpdate(request).forEach((key, value) -> {
                    if (value == null) {
                        update.putNull(key);
                    } else {
                        update.put(key, value);
                    }
                });
            } catch (Exception e) {
                listener.onFailure(ApiErrors.toElasticsearch(e));
                return;
            }
            client.admin().cluster().prepareUpdateSettings(CLUSTER_STATE_TIMEOUT, CLUSTER_STATE_TIMEOUT).setPersistentSettings(update)
                .execute(listener.map(r -> AcknowledgedResponse.of(r.isAcknowledged())));
        });
    }

    /** The persistent settings to write, a null value clearing its key; throws {@link IllegalArgumentException} (400) for a bad request. */
    protected abstract Map<String, String> settingsUpdate(ModelRequest request);

    /** {@code PUT _llm_rerank/models/{name}}. */
    public static final class Put extends TransportModelWriteAction {
        @Inject
        public Put(TransportService transportService, ActionFilters actionFilters, Client client, ThreadPool threadPool, ModelCatalog catalog) {
            super(ModelActions.PUT.name(), transportService, actionFilters, client, threadPool, catalog);
        }

        @Override
        protected Map<String, String> settingsUpdate(ModelRequest request) {
            return ModelRegistration.put(catalog, request.name(), request.spec());
        }
    }

    /** {@code DELETE _llm_rerank/models/{name}}: every node unloads it when it applies the change. */
    public static final class Delete extends TransportModelWriteAction {
        @Inject
        public Delete(TransportService transportService, ActionFilters actionFilters, Client client, ThreadPool threadPool,
                      ModelCatalog catalog) {
            super(ModelActions.DELETE.name(), transportService, actionFilters, client, threadPool, catalog);
        }

        @Override
        protected Map<String, String> settingsUpdate(ModelRequest request) {
            return ModelRegistration.delete(catalog, request.name());
        }
    }
}
