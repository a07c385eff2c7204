package org.llmrerank.plugin;

import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import org.llmrerank.rescorer.StrategyWindowReranker;
import org.llmrerank.rescorer.pipeline.RerankPipeline;
import org.llmrerank.rescorer.pipeline.RerankPlan;
import org.llmrerank.rescorer.pipeline.ScheduledAnswer;
import org.llmrerank.rescorer.pipeline.ScheduledRoute;
import org.llmrerank.routing.Cancellation;
import org.llmrerank.rest.clause.SearchLimits;
import org.llmrerank.rest.stats.RerankCounters;
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
    private static final Logger logger = LogManager.getLogger(RerankService.class);

    private final RerankPipeline pipeline;
    private volatile SearchLimits limits;

    public RerankService(ClusterService clusterService, ThreadPool threadPool, IndexNameExpressionResolver indexResolver,
                         RerankModelProvider models, RerankCounters counters) {
        this.clusterService = clusterService;
        this.threadPool = threadPool;
        this.models = models;
        this.counters = counters;
        this.resolver = new RerankRequestResolver(indexResolver, models);
        this.pipeline = new RerankPipeline(models, StrategyWindowReranker.withDefaults(), threadPool.executor(EXECUTOR),
            (task, nanos) -> threadPool.schedule(task, TimeValue.timeValueNanos(nanos), ThreadPool.Names.GENERIC)::cancel,
            new InferenceRoute(), (message, e) -> logger.warn(message, e));
        var cs = clusterService.getClusterSettings();
        this.limits = new SearchLimits(cs.get(LlmRerankSettings.MAX_WINDOW_SIZE), cs.get(LlmRerankSettings.DEFAULT_TIMEOUT).nanos(),
            cs.get(LlmRerankSettings.MAX_QUERY_CHARS), cs.get(LlmRerankSettings.MAX_PASSAGE_CHARS));
        cs.addSettingsUpdateConsumer(LlmRerankSettings.MAX_WINDOW_SIZE, v -> limits = limits.withMaxWindow(v));
        cs.addSettingsUpdateConsumer(LlmRerankSettings.DEFAULT_TIMEOUT, v -> limits = limits.withDefaultTimeoutNanos(v.nanos()));
        cs.addSettingsUpdateConsumer(LlmRerankSettings.MAX_QUERY_CHARS, v -> limits = limits.withMaxQueryChars(v));
        cs.addSettingsUpdateConsumer(LlmRerankSettings.MAX_PASSAGE_CHARS, v -> limits = limits.withMaxPassageChars(v));
    }

    ResolvedRerank resolve(SearchRequest request) {
        return resolver.resolve(request, clusterService.state(), limits);
    }

    /** Plans and runs each search's rerank, locally or through the scheduler. */
    RerankPipeline pipeline() {
        return pipeline;
    }

    /** The scheduler route once the node has wired inference placement; until then, none. */
    private final class InferenceRoute implements ScheduledRoute {
        @Override
        public boolean enabled() {
            var i = inference;
            return i != null && i.enabled();
        }

        @Override
        public void run(RerankPlan plan, long timeoutNanos, Cancellation cancellation, java.util.function.Consumer<ScheduledAnswer> answer) {
            inference.run(plan, timeoutNanos, cancellation, answer);
        }
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
