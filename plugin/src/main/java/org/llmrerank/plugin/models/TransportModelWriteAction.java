package org.llmrerank.plugin.models;

import org.llmrerank.plugin.rest.ApiErrors;
import org.llmrerank.rescorer.RerankModel;
import org.llmrerank.rescorer.ModelException;
import org.llmrerank.rest.models.ModelCatalog;
import org.llmrerank.rest.models.ModelFiles;
import org.llmrerank.rest.models.ModelRegistrationBody;
import org.llmrerank.rest.models.ModelSpec;
import org.llmrerank.routing.onnx.EncoderOptions;
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
 * generic pool: a PUT opens the ONNX graph once to prove it loads, then frees it), then write the
 * persistent cluster settings {@code plugins.llm_rerank.models.<name>.*}; every node applies the
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
                ModelSpec.validateName(request.name());
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
            ModelSpec spec = request.spec();
            if (spec == null) {
                throw new IllegalArgumentException(ModelRegistrationBody.REQUIRED);
            }
            spec.validatePrefixes(catalog.maxPrefixChars(), "[plugins.llm_rerank.models_max_prefix_chars]");
            ModelFiles.Checked checked = ModelFiles.check(catalog.modelsPath(), request.name(), spec, catalog.maxFileBytes());
            if (checked.isCheckpoint()) {
                // an LLM's weights can be gigabytes: its files and headers are checked here, the weights load on first use on
                // the nodes that run it (a load failure then keeps first-stage order and shows in the stats' models section)
                return ModelSpecSettings.of(request.name(), spec);
            }
            RerankModel probe = null;
            try {
                probe = ModelFiles.open(catalog.modelsPath(), checked, request.name(), spec, new EncoderOptions(1, 1, false), 32);
            } catch (ModelException e) {
                throw new IllegalArgumentException(e.getMessage());
            } finally {
                if (probe != null) {
                    probe.close();
                }
            }
            return ModelSpecSettings.of(request.name(), spec);
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
            catalog.requireRegistered(request.name());
            Settings.Builder b = Settings.builder();
            for (String key : ModelSpec.KEYS) {
                b.putNull(ModelSpec.SETTINGS_PREFIX + request.name() + "." + key);
            }
            return b.build();
        }
    }
}
