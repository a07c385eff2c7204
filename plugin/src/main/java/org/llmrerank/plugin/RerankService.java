package org.llmrerank.plugin;

import org.llmrerank.rescorer.StrategyWindowReranker;
import org.llmrerank.scheduler.RerankCounters;
import org.opensearch.action.search.SearchRequest;
import org.opensearch.cluster.metadata.IndexNameExpressionResolver;
import org.opensearch.cluster.service.ClusterService;
import org.opensearch.common.unit.TimeValue;
import org.opensearch.threadpool.ThreadPool;

/** Node-level wiring of the rerank path: models, counters, the inference executor and the live cluster settings. */
public final class RerankService {

    /** Thread pool the model runs on: never a transport or search thread. */
    public static final String EXECUTOR = "llm_rerank";

    private final ClusterService clusterService;
    private final ThreadPool threadPool;
    private final RerankModelProvider models;
    private final RerankCounters counters;
    private final RerankRequestResolver resolver;
    private final StrategyWindowReranker reranker = StrategyWindowReranker.withDefaults();
    private volatile SearchLimits limits;

    public RerankService(ClusterService clusterService, ThreadPool threadPool, IndexNameExpressionResolver indexResolver,
                         RerankModelProvider models, RerankCounters counters) {
        this.clusterService = clusterService;
        this.threadPool = threadPool;
        this.models = models;
        this.counters = counters;
        this.resolver = new RerankRequestResolver(indexResolver, models);
        var cs = clusterService.getClusterSettings();
        this.limits = new SearchLimits(cs.get(LlmRerankSettings.MAX_WINDOW_SIZE), cs.get(LlmRerankSettings.DEFAULT_TIMEOUT),
            cs.get(LlmRerankSettings.MAX_QUERY_CHARS), cs.get(LlmRerankSettings.MAX_PASSAGE_CHARS));
        cs.addSettingsUpdateConsumer(LlmRerankSettings.MAX_WINDOW_SIZE, v -> limits = limits.withMaxWindow(v));
        cs.addSettingsUpdateConsumer(LlmRerankSettings.DEFAULT_TIMEOUT, v -> limits = limits.withDefaultTimeout(v));
        cs.addSettingsUpdateConsumer(LlmRerankSettings.MAX_QUERY_CHARS, v -> limits = limits.withMaxQueryChars(v));
        cs.addSettingsUpdateConsumer(LlmRerankSettings.MAX_PASSAGE_CHARS, v -> limits = limits.withMaxPassageChars(v));
    }

    ResolvedRerank resolve(SearchRequest request) {
        return resolver.resolve(request, clusterService.state(), limits);
    }

    /** Runs the requested or auto-chosen strategy over a window (plain Java, stateless, shared). */
    StrategyWindowReranker reranker() {
        return reranker;
    }

    private volatile org.llmrerank.plugin.inference.InferenceService inference;

    void setInference(org.llmrerank.plugin.inference.InferenceService inference) {
        this.inference = inference;
    }

    /** Inference placement and the scheduler; null until the node has wired it. */
    org.llmrerank.plugin.inference.InferenceService inference() {
        return inference;
    }

    ThreadPool threadPool() {
        return threadPool;
    }

    RerankModelProvider models() {
        return models;
    }

    public RerankCounters counters() {
        return counters;
    }
}
