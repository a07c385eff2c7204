package org.llmrerank.elasticsearch;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.function.Predicate;
import java.util.function.Supplier;
import org.elasticsearch.action.support.ActionFilter;
import org.elasticsearch.cluster.node.DiscoveryNodes;
import org.elasticsearch.common.io.stream.NamedWriteableRegistry;
import org.elasticsearch.common.settings.Setting;
import org.elasticsearch.common.settings.Settings;
import org.elasticsearch.common.util.concurrent.EsExecutors;
import org.elasticsearch.features.NodeFeature;
import org.elasticsearch.plugins.ActionPlugin;
import org.elasticsearch.plugins.Plugin;
import org.elasticsearch.plugins.SearchPlugin;
import org.elasticsearch.rest.RestHandler;
import org.elasticsearch.search.rank.RankBuilder;
import org.elasticsearch.search.rank.RankDoc;
import org.elasticsearch.threadpool.ExecutorBuilder;
import org.elasticsearch.threadpool.FixedExecutorBuilder;
import org.llmrerank.elasticsearch.eval.EsEvalSettings;
import org.llmrerank.elasticsearch.eval.EvalAction;
import org.llmrerank.elasticsearch.eval.TransportEvalAction;
import org.llmrerank.elasticsearch.inference.EsInferenceService;
import org.llmrerank.elasticsearch.inference.EsInferenceSettings;
import org.llmrerank.elasticsearch.inference.InferenceAction;
import org.llmrerank.elasticsearch.inference.TransportInferenceAction;
import org.llmrerank.elasticsearch.models.EsModelSettings;
import org.llmrerank.elasticsearch.models.ModelActions;
import org.llmrerank.elasticsearch.models.NodeModels;
import org.llmrerank.elasticsearch.models.TransportGetModelsAction;
import org.llmrerank.elasticsearch.models.TransportModelWriteAction;
import org.llmrerank.elasticsearch.rescore.LlmRerankRescorerBuilder;
import org.llmrerank.elasticsearch.rescore.RescoreActionFilter;
import org.llmrerank.elasticsearch.retriever.LlmRerankRankBuilder;
import org.llmrerank.elasticsearch.retriever.LlmRerankRankDoc;
import org.llmrerank.elasticsearch.retriever.LlmRerankRetrieverBuilder;
import org.llmrerank.elasticsearch.rest.RestEvalAction;
import org.llmrerank.elasticsearch.rest.RestModelsAction;
import org.llmrerank.elasticsearch.stats.RerankStatsAction;
import org.llmrerank.elasticsearch.stats.RestRerankStatsAction;
import org.llmrerank.elasticsearch.stats.TransportRerankStatsAction;
import org.llmrerank.rescorer.ModelRegistry;
import org.llmrerank.scheduler.ModelLookup;

/**
 * llm-rerank for Elasticsearch: the {@code llm_rerank} retriever and the {@code llm_rerank} rescore clause, both
 * reranking the merged global top-k of a search on its coordinating node, their settings, the inference thread
 * pool, the models API, {@code _eval} and the stats API. The reranking itself is the engine-neutral core's, behind
 * {@link WindowReranker}.
 */
public class LlmRerankEsPlugin extends Plugin implements SearchPlugin, ActionPlugin {

    private final Settings settings;
    private final RerankNode.Ref node = new RerankNode.Ref();
    private final RescoreActionFilter rescoreFilter = new RescoreActionFilter(node);
    private WindowReranker reranker;
    private ModelRegistry models;
    private EsInferenceService inference;
    private volatile EsEvalSettings evalSettings;

    public LlmRerankEsPlugin(Settings settings) {
        this.settings = settings;
    }

    @Override
    public List<Setting<?>> getSettings() {
        List<Setting<?>> all = new ArrayList<>(EsRerankSettings.all());
        all.addAll(EsInferenceSettings.all());
        all.addAll(EsModelSettings.all());
        all.addAll(EsEvalSettings.all());
        return all;
    }

    @Override
    public List<RetrieverSpec<?>> getRetrievers() {
        return List.of(new RetrieverSpec<>(LlmRerankRetrieverBuilder.NAME, (p, c) -> LlmRerankRetrieverBuilder.fromXContent(p, c, node)));
    }

    @Override
    public List<RescorerSpec<?>> getRescorers() {
        return List.of(new RescorerSpec<>(LlmRerankRescorerBuilder.NAME, LlmRerankRescorerBuilder::new, LlmRerankRescorerBuilder::fromXContent));
    }

    @Override
    public List<NamedWriteableRegistry.Entry> getNamedWriteables() {
        // the retriever's inner search carries its rank to the shards; with explain, its hits carry what the rerank made of them
        return List.of(new NamedWriteableRegistry.Entry(RankBuilder.class, LlmRerankRankBuilder.NAME, LlmRerankRankBuilder::new),
            new NamedWriteableRegistry.Entry(RankDoc.class, LlmRerankRankDoc.NAME, LlmRerankRankDoc::new));
    }

    @Override
    public Collection<ActionFilter> getActionFilters() {
        return List.of(rescoreFilter);
    }

    @Override
    public List<ExecutorBuilder<?>> getExecutorBuilders(Settings settings) {
        return List.of(new FixedExecutorBuilder(settings, RerankNode.EXECUTOR, EsRerankSettings.INFERENCE_CONCURRENCY.get(settings),
            EsRerankSettings.INFERENCE_QUEUE_SIZE.get(settings), "thread_pool." + RerankNode.EXECUTOR,
            EsExecutors.TaskTrackingConfig.DO_NOT_TRACK));
    }

    @Override
    public Collection<?> createComponents(PluginServices services) {
        this.models = createModels(settings);
        this.inference = new EsInferenceService(settings, services.clusterService(), services.threadPool(), ModelLookup.of(models),
            EsRerankSettings.INFERENCE_CONCURRENCY.get(settings), EsRerankSettings.INFERENCE_QUEUE_SIZE.get(settings));
        this.reranker = createReranker(services, settings);
        rescoreFilter.setResolvers(services.indexNameExpressionResolver(), services.projectResolver());
        RerankNode n = new RerankNode(reranker, services.clusterService(), services.threadPool(),
            EsRerankSettings.INFERENCE_QUEUE_SIZE.get(settings));
        // the scheduler's own figures (queue, batches, placement) in the stats' scheduler section, as on OpenSearch
        n.counters().setSchedulerStats(inference.stats());
        node.set(n);
        List<Object> components = new ArrayList<>(List.of(n, inference));
        // the models API and _eval: the catalog is injected into the models' transport actions
        components.add(new NodeModels(settings, services.environment(), services.clusterService(), reranker).catalog());
        this.evalSettings = new EsEvalSettings(settings, services.clusterService().getClusterSettings());
        return components;
    }

    @Override
    public Collection<ActionHandler> getActions() {
        return List.of(
            new ActionHandler(ModelActions.PUT, TransportModelWriteAction.Put.class),
            new ActionHandler(ModelActions.DELETE, TransportModelWriteAction.Delete.class),
            new ActionHandler(ModelActions.GET, TransportGetModelsAction.class),
            new ActionHandler(EvalAction.INSTANCE, TransportEvalAction.class),
            new ActionHandler(RerankStatsAction.INSTANCE, TransportRerankStatsAction.class),
            new ActionHandler(RerankStatsAction.RESET, TransportRerankStatsAction.Reset.class),
            // node to node: windows sent to inference nodes
            new ActionHandler(InferenceAction.INSTANCE, TransportInferenceAction.class));
    }

    @Override
    public Collection<RestHandler> getRestHandlers(RestHandlersServices services, Supplier<DiscoveryNodes> nodesInCluster,
                                                   Predicate<NodeFeature> clusterSupportsFeature) {
        return List.of(new RestModelsAction(), new RestEvalAction(() -> evalSettings.limits(), clusterSupportsFeature),
            new RestRerankStatsAction());
    }

    /**
     * The node's models, which both its own searches and the windows other nodes send it (inference nodes) run on: the
     * bundled ones; tests add stand-ins.
     */
    protected ModelRegistry createModels(Settings settings) {
        return PipelineWindowReranker.bundledModels(EsRerankSettings.inferenceThreads(settings), EsRerankSettings.executionProvider(settings),
            Path.of(System.getProperty("java.io.tmpdir")));
    }

    /**
     * The node's reranker: the rerank pipeline over {@link #createModels}, with the inference scheduler as its scheduled
     * route; tests put a recording stand-in in front of it.
     */
    protected WindowReranker createReranker(PluginServices services, Settings settings) {
        return new PipelineWindowReranker(services.threadPool(), RerankNode.EXECUTOR, models, inference);
    }

    @Override
    public void close() throws IOException {
        if (inference != null) {
            inference.close();
        }
        if (models != null) {
            models.close();
        }
        if (reranker instanceof AutoCloseable c) {
            try {
                c.close();
            } catch (IOException | RuntimeException e) {
                throw e;
            } catch (Exception e) {
                throw new IOException(e);
            }
        }
    }
}
