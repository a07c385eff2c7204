package org.llmrerank.plugin;

import java.util.Collection;
import java.util.List;
import java.util.function.Supplier;
import org.llmrerank.rest.RestRerankEvalAction;
import org.llmrerank.rest.RestRerankStatsAction;
import org.llmrerank.rest.stats.RerankStatsAction;
import org.llmrerank.rest.stats.TransportRerankStatsAction;
import org.opensearch.action.ActionRequest;
import org.opensearch.core.action.ActionResponse;
import org.llmrerank.scheduler.RerankCounters;
import org.opensearch.action.support.ActionFilter;
import org.opensearch.cluster.metadata.IndexNameExpressionResolver;
import org.opensearch.cluster.node.DiscoveryNodes;
import org.opensearch.cluster.service.ClusterService;
import org.opensearch.common.settings.ClusterSettings;
import org.opensearch.common.settings.IndexScopedSettings;
import org.opensearch.common.settings.Setting;
import org.opensearch.common.settings.Settings;
import org.opensearch.common.settings.SettingsFilter;
import org.opensearch.core.common.io.stream.NamedWriteableRegistry;
import org.opensearch.core.xcontent.NamedXContentRegistry;
import org.opensearch.env.Environment;
import org.opensearch.env.NodeEnvironment;
import org.opensearch.plugins.ActionPlugin;
import org.opensearch.plugins.Plugin;
import org.opensearch.plugins.SearchPlugin;
import org.opensearch.repositories.RepositoriesService;
import org.opensearch.rest.RestController;
import org.opensearch.rest.RestHandler;
import org.opensearch.script.ScriptService;
import org.opensearch.threadpool.ExecutorBuilder;
import org.opensearch.threadpool.FixedExecutorBuilder;
import org.opensearch.threadpool.ThreadPool;
import org.opensearch.transport.client.Client;
import org.opensearch.watcher.ResourceWatcherService;

/**
 * llm-rerank: the {@code llm_rerank} rescore clause, its settings, the inference thread pool and
 * the stats endpoint. The work itself lives in the plain-Java core modules.
 */
public class LlmRerankPlugin extends Plugin implements SearchPlugin, ActionPlugin {

    private final RerankActionFilter filter = new RerankActionFilter();
    private final RerankCounters counters = new RerankCounters();
    private final Settings settings;
    private RerankModelProvider models;

    public LlmRerankPlugin(Settings settings) {
        this.settings = settings;
    }

    @Override
    public List<Setting<?>> getSettings() {
        return LlmRerankSettings.all();
    }

    @Override
    public List<RescorerSpec<?>> getRescorers() {
        return List.of(new RescorerSpec<>(LlmRerankRescorerBuilder.NAME, LlmRerankRescorerBuilder::new, LlmRerankRescorerBuilder::fromXContent));
    }

    @Override
    public List<SearchExtSpec<?>> getSearchExts() {
        return List.of(new SearchExtSpec<>(RerankResponseExt.NAME, RerankResponseExt::new, RerankResponseExt::fromXContent));
    }

    @Override
    public List<ActionFilter> getActionFilters() {
        return List.of(filter);
    }

    @Override
    public List<ExecutorBuilder<?>> getExecutorBuilders(Settings settings) {
        return List.of(new FixedExecutorBuilder(settings, RerankService.EXECUTOR, LlmRerankSettings.INFERENCE_CONCURRENCY.get(settings),
            LlmRerankSettings.INFERENCE_QUEUE_SIZE.get(settings), "thread_pool." + RerankService.EXECUTOR));
    }

    @Override
    public Collection<Object> createComponents(Client client, ClusterService clusterService, ThreadPool threadPool,
                                               ResourceWatcherService resourceWatcherService, ScriptService scriptService,
                                               NamedXContentRegistry xContentRegistry, Environment environment,
                                               NodeEnvironment nodeEnvironment, NamedWriteableRegistry namedWriteableRegistry,
                                               IndexNameExpressionResolver indexNameExpressionResolver,
                                               Supplier<RepositoriesService> repositoriesServiceSupplier) {
        this.models = createModelProvider(settings);
        RerankService service = new RerankService(clusterService, threadPool, indexNameExpressionResolver, models, counters);
        filter.setService(service);
        return List.of(service, counters); // counters: injected into the stats transport actions
    }

    @Override
    public List<RestHandler> getRestHandlers(Settings settings, RestController restController, ClusterSettings clusterSettings,
                                             IndexScopedSettings indexScopedSettings, SettingsFilter settingsFilter,
                                             IndexNameExpressionResolver indexNameExpressionResolver, Supplier<DiscoveryNodes> nodesInCluster) {
        return List.of(new RestRerankStatsAction(), new RestRerankEvalAction(counters));
    }

    @Override
    public List<ActionHandler<? extends ActionRequest, ? extends ActionResponse>> getActions() {
        return List.of(
            new ActionHandler<>(RerankStatsAction.INSTANCE, TransportRerankStatsAction.class),
            new ActionHandler<>(RerankStatsAction.RESET, TransportRerankStatsAction.Reset.class));
    }

    /** The models of this node; tests extend it with stand-in models (a failing one, a slow one). */
    protected RerankModelProvider createModelProvider(Settings settings) {
        return new BundledModelProvider(LlmRerankSettings.INFERENCE_THREADS.get(settings));
    }

    RerankCounters counters() {
        return counters;
    }

    @Override
    public void close() {
        if (models != null) {
            models.close();
        }
    }
}
