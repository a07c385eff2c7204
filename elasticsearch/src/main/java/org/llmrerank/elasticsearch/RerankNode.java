package org.llmrerank.elasticsearch;

import java.util.Collection;
import java.util.Objects;
import org.elasticsearch.ElasticsearchStatusException;
import org.elasticsearch.cluster.metadata.IndexMetadata;
import org.elasticsearch.cluster.service.ClusterService;
import org.elasticsearch.common.settings.ClusterSettings;
import org.elasticsearch.rest.RestStatus;
import org.elasticsearch.threadpool.ThreadPool;
import org.llmrerank.elasticsearch.stats.ServingGauges;
import org.llmrerank.rest.clause.RerankClause;
import org.llmrerank.rest.clause.SearchLimits;
import org.llmrerank.rest.stats.NodeRuntimeStats;
import org.llmrerank.rest.stats.RerankCounters;

/**
 * What the rerank needs on a node, wired once the node's services exist: the {@link WindowReranker}, the clause
 * resolver, the live cluster limits and the node's rerank statistics. Request parsers and the action filter are
 * created before that, so they hold a {@link Ref} that is filled in then.
 */
public final class RerankNode {

    /** Thread pool the model runs on: never a transport or search thread. */
    public static final String EXECUTOR = "llm_rerank";

    private final WindowReranker reranker;
    private final ClauseResolver resolver;
    private final ClusterService clusterService;
    private final ThreadPool threadPool;
    private final RerankCounters counters = new RerankCounters();
    private final NodeRuntimeStats gauges;
    private volatile SearchLimits limits;

    /** @param queueCapacity the inference executor's queue size, reported with its gauges */
    public RerankNode(WindowReranker reranker, ClusterService clusterService, ThreadPool threadPool, int queueCapacity) {
        this.reranker = reranker;
        this.resolver = new ClauseResolver(reranker);
        this.clusterService = clusterService;
        this.threadPool = threadPool;
        this.gauges = ServingGauges.of(threadPool, EXECUTOR, queueCapacity, reranker);
        ClusterSettings cs = clusterService.getClusterSettings();
        this.limits = new SearchLimits(cs.get(EsRerankSettings.MAX_WINDOW_SIZE), cs.get(EsRerankSettings.DEFAULT_TIMEOUT).nanos(),
            cs.get(EsRerankSettings.MAX_QUERY_CHARS), cs.get(EsRerankSettings.MAX_PASSAGE_CHARS));
        cs.addSettingsUpdateConsumer(EsRerankSettings.MAX_WINDOW_SIZE, v -> limits = limits.withMaxWindow(v));
        cs.addSettingsUpdateConsumer(EsRerankSettings.DEFAULT_TIMEOUT, v -> limits = limits.withDefaultTimeoutNanos(v.nanos()));
        cs.addSettingsUpdateConsumer(EsRerankSettings.MAX_QUERY_CHARS, v -> limits = limits.withMaxQueryChars(v));
        cs.addSettingsUpdateConsumer(EsRerankSettings.MAX_PASSAGE_CHARS, v -> limits = limits.withMaxPassageChars(v));
    }

    public WindowReranker reranker() {
        return reranker;
    }

    public ThreadPool threadPool() {
        return threadPool;
    }

    public ClusterService clusterService() {
        return clusterService;
    }

    /** Every search either surface reranks on this node as its coordinator, counted by {@link SearchRerank}. */
    public RerankCounters counters() {
        return counters;
    }

    /** The inference executor and model gauges, read when the stats are asked for. */
    public NodeRuntimeStats gauges() {
        return gauges;
    }

    /** See {@link ClauseResolver#resolve}; against the limits in force now. */
    public ResolvedClause resolve(RerankClause clause, Collection<IndexMetadata> indices, int window, String windowField,
                                  String inferredQueryText, String prefix) {
        return resolver.resolve(clause, indices, window, windowField, inferredQueryText, limits, prefix);
    }

    /** The node's {@link RerankNode} once it is wired; parsers and filters are created before that. */
    public static final class Ref {
        private volatile RerankNode node;

        void set(RerankNode node) {
            this.node = Objects.requireNonNull(node);
        }

        /** The node, or an error that the plugin is still starting (a 503 from the caller's point of view). */
        public RerankNode get() {
            RerankNode n = node;
            if (n == null) {
                throw new ElasticsearchStatusException("[llm_rerank] the plugin is still starting on this node; retry",
                    RestStatus.SERVICE_UNAVAILABLE);
            }
            return n;
        }
    }
}
