package org.llmrerank.plugin;

import java.nio.file.Path;
import java.util.Collection;
import java.util.List;
import java.util.function.Supplier;
import org.llmrerank.plugin.eval.EvalAction;
import org.llmrerank.plugin.eval.EvalSettings;
import org.llmrerank.plugin.eval.TransportEvalAction;
import org.llmrerank.plugin.models.ModelActions;
import org.llmrerank.plugin.models.ModelSpecSettings;
import org.llmrerank.plugin.models.PrivilegedModelFiles;
import org.llmrerank.plugin.models.TransportGetModelsAction;
import org.llmrerank.plugin.models.TransportModelWriteAction;
import org.llmrerank.plugin.rest.RestModelsAction;
import org.llmrerank.plugin.rest.RestRerankEvalAction;
import org.llmrerank.plugin.rest.RestRerankStatsAction;
import org.llmrerank.plugin.stats.RerankStatsAction;
import org.llmrerank.plugin.stats.TransportRerankStatsAction;
import org.llmrerank.rest.clause.SettingsCatalogue;
import org.llmrerank.rest.models.ModelCatalog;
import org.llmrerank.rest.models.RegisteredModels;
import org.llmrerank.rest.stats.NodeRuntimeStats;
import org.llmrerank.rest.stats.RerankCounters;
import org.opensearch.common.io.PathUtils;
import org.opensearch.action.ActionRequest;
import org.opensearch.core.action.ActionResponse;
import org.llmrerank.routing.runtime.DjlEngineSetup;
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
    private org.llmrerank.plugin.inference.InferenceService inference;
    private BundledModelProvider bundledModels; // set by the base createModelProvider: where registrations go
    private RegisteredModels registeredModels;
    private String nodeName;
    private volatile int maxPrefixChars;

    public LlmRerankPlugin(Settings settings) {
        this.settings = settings;
        PrivilegedModelFiles.install();
    }

    @Override
    public List<Setting<?>> getSettings() {
        List<Setting<?>> all = new java.util.ArrayList<>(LlmRerankSettings.all());
        all.addAll(org.llmrerank.plugin.inference.InferenceSettings.all());
        all.addAll(EvalSettings.all());
        return all;
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
        this.nodeName = clusterService.getNodeName();
        ParsedClauses.bind(nodeName, threadPool.getThreadContext());
        String configured = LlmRerankSettings.MODELS_PATH.get(settings);
        // on the default file system (tests wrap the node's in Lucene's mock one, whose code the policy does not cover)
        Path modelsPath = Path.of(environment.configDir().resolve(configured.isEmpty() ? "llm_rerank_models" : configured)
            .toAbsolutePath().normalize().toString());
        this.registeredModels = new RegisteredModels(modelsPath, LlmRerankSettings.MODELS_MAX_FILE_SIZE.get(settings).getBytes());
        applyRegisteredModels(LlmRerankSettings.MODELS.get(settings));
        clusterService.getClusterSettings().addSettingsUpdateConsumer(LlmRerankSettings.MODELS, this::applyRegisteredModels);
        this.maxPrefixChars = LlmRerankSettings.MODELS_MAX_PREFIX_CHARS.get(clusterService.getSettings());
        clusterService.getClusterSettings().addSettingsUpdateConsumer(LlmRerankSettings.MODELS_MAX_PREFIX_CHARS, v -> maxPrefixChars = v);
        ModelCatalog catalog = new ModelCatalog(modelsPath, registeredModels.maxFileBytes(), registeredModels::current,
            name -> bundledModels != null && bundledModels.isLoaded(name), () -> maxPrefixChars);
        RerankService service = new RerankService(clusterService, threadPool, indexNameExpressionResolver, models, counters);
        filter.setService(service);
        this.inference = new org.llmrerank.plugin.inference.InferenceService(settings, clusterService, threadPool, modelLookup(models),
            LlmRerankSettings.INFERENCE_CONCURRENCY.get(settings), LlmRerankSettings.INFERENCE_QUEUE_SIZE.get(settings));
        service.setInference(inference);
        counters.setSchedulerStats(inference.stats());
        NodeRuntimeStats gauges = ServingGauges.of(threadPool, LlmRerankSettings.INFERENCE_QUEUE_SIZE.get(settings), models);
        // counters, catalog, inference, gauges: injected into the transport actions
        return List.of(service, counters, catalog, inference, gauges);
    }

    /** Applies the registrations in the cluster settings on this node ({@link RegisteredModels}). */
    private void applyRegisteredModels(Settings group) {
        BundledModelProvider target = bundledModels;
        registeredModels.apply(ModelSpecSettings.fromGroup(group, false), target == null ? null : new RegisteredModels.Target() {
            @Override
            public void register(String name, org.llmrerank.rescorer.ModelRegistry.Loader loader,
                                 Supplier<java.util.Set<org.llmrerank.rescorer.Strategy>> strategies) {
                target.register(name, loader, strategies);
            }

            @Override
            public void unregister(String name) {
                target.unregister(name);
            }
        });
    }

    @Override
    public List<RestHandler> getRestHandlers(Settings settings, RestController restController, ClusterSettings clusterSettings,
                                             IndexScopedSettings indexScopedSettings, SettingsFilter settingsFilter,
                                             IndexNameExpressionResolver indexNameExpressionResolver, Supplier<DiscoveryNodes> nodesInCluster) {
        return List.of(new RestRerankStatsAction(), new RestRerankEvalAction(new EvalSettings(settings, clusterSettings)),
            new RestModelsAction());
    }

    @Override
    public List<ActionHandler<? extends ActionRequest, ? extends ActionResponse>> getActions() {
        return List.of(
            new ActionHandler<>(RerankStatsAction.INSTANCE, TransportRerankStatsAction.class),
            new ActionHandler<>(RerankStatsAction.RESET, TransportRerankStatsAction.Reset.class),
            new ActionHandler<>(ModelActions.PUT, TransportModelWriteAction.Put.class),
            new ActionHandler<>(ModelActions.DELETE, TransportModelWriteAction.Delete.class),
            new ActionHandler<>(ModelActions.GET, TransportGetModelsAction.class),
            new ActionHandler<>(EvalAction.INSTANCE, TransportEvalAction.class),
            new ActionHandler<>(org.llmrerank.plugin.inference.InferenceAction.INSTANCE,
                org.llmrerank.plugin.inference.TransportInferenceAction.class));
    }

    /** The models of this node; tests extend it with stand-in models (a failing one, a slow one). */
    protected RerankModelProvider createModelProvider(Settings settings) {
        int threads = LlmRerankSettings.INFERENCE_THREADS.get(settings);
        // the routed runtime's engine extracts its natives once under the node's temporary directory (granted to the
        // plugin by its policy); nothing is fetched from the network
        DjlEngineSetup.configure(PathUtils.get(System.getProperty("java.io.tmpdir"), "llm_rerank", "djl"),
            SettingsCatalogue.inferenceThreads(threads));
        BundledModelProvider provider = new BundledModelProvider(threads,
            SettingsCatalogue.executionProvider(LlmRerankSettings.INFERENCE_EXECUTION_PROVIDER.get(settings)));
        this.bundledModels = provider;
        return provider;
    }

    RerankCounters counters() {
        return counters;
    }

    @Override
    public void close() {
        if (nodeName != null) {
            ParsedClauses.unbind(nodeName);
        }
        if (inference != null) {
            inference.close();
        }
        if (models != null) {
            models.close();
        }
    }
    /** The scheduler's view of this node's models: loads on its workers, and tells what is loaded without loading. */
    private static org.llmrerank.scheduler.ModelLookup modelLookup(RerankModelProvider models) {
        return new org.llmrerank.scheduler.ModelLookup() {
            @Override
            public org.llmrerank.rescorer.RerankModel get(String name) throws org.llmrerank.rescorer.ModelException {
                return models.get(name);
            }

            @Override
            public java.util.Optional<org.llmrerank.rescorer.RerankModel> ifLoaded(String name) {
                if (models.isLoaded(name) == false) {
                    return java.util.Optional.empty();
                }
                try {
                    return java.util.Optional.of(models.get(name));
                } catch (org.llmrerank.rescorer.ModelException e) {
                    return java.util.Optional.empty();
                }
            }
        };
    }

}
