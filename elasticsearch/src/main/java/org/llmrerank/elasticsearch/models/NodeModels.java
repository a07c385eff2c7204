package org.llmrerank.elasticsearch.models;

import org.elasticsearch.cluster.service.ClusterService;
import org.elasticsearch.common.settings.ClusterSettings;
import org.elasticsearch.common.settings.Settings;
import org.elasticsearch.env.Environment;
import org.llmrerank.elasticsearch.WindowReranker;
import org.llmrerank.rest.models.ModelCatalog;
import org.llmrerank.rest.models.RegisteredModels;

/**
 * The models API on one node: the registrations in the cluster settings applied to the node's reranker as they change
 * (on every node, joining ones included), and the {@link ModelCatalog} the transport actions read.
 */
public final class NodeModels {

    private final RegisteredModels registered;
    private final ModelCatalog catalog;
    private volatile int maxPrefixChars;

    public NodeModels(Settings settings, Environment environment, ClusterService clusterService, WindowReranker reranker) {
        this.registered = new RegisteredModels(EsModelSettings.modelsPath(environment, settings),
            EsModelSettings.MODELS_MAX_FILE_SIZE.get(settings).getBytes());
        ClusterSettings clusterSettings = clusterService.getClusterSettings();
        registered.apply(EsModelSettings.registrations(clusterSettings.get(EsModelSettings.MODELS)), reranker.registrations());
        clusterSettings.addSettingsUpdateConsumer(EsModelSettings.MODELS,
            group -> registered.apply(EsModelSettings.registrations(group), reranker.registrations()));
        this.maxPrefixChars = clusterSettings.get(EsModelSettings.MODELS_MAX_PREFIX_CHARS);
        clusterSettings.addSettingsUpdateConsumer(EsModelSettings.MODELS_MAX_PREFIX_CHARS, v -> maxPrefixChars = v);
        this.catalog = new ModelCatalog(registered.modelsPath(), registered.maxFileBytes(), registered::current, reranker::isLoaded,
            () -> maxPrefixChars);
    }

    /** What the models API's transport actions are given. */
    public ModelCatalog catalog() {
        return catalog;
    }
}
