package org.llmrerank.elasticsearch.stats;

import java.io.IOException;
import java.util.List;
import org.elasticsearch.action.FailedNodeException;
import org.elasticsearch.action.support.ActionFilters;
import org.elasticsearch.action.support.nodes.TransportNodesAction;
import org.elasticsearch.cluster.node.DiscoveryNode;
import org.elasticsearch.cluster.service.ClusterService;
import org.elasticsearch.common.io.stream.StreamInput;
import org.elasticsearch.injection.guice.Inject;
import org.elasticsearch.tasks.Task;
import org.elasticsearch.threadpool.ThreadPool;
import org.elasticsearch.transport.TransportService;
import org.llmrerank.elasticsearch.RerankNode;
import org.llmrerank.rest.stats.RerankStats;

/**
 * Reads every addressed node's counters on the management pool. The reset variant is registered under an admin action
 * name, so that reading needs only monitor permission and resetting needs admin.
 */
public class TransportRerankStatsAction
    extends TransportNodesAction<RerankStatsRequest, RerankStatsResponse, RerankNodeStatsRequest, RerankNodeStats, Void> {

    private final RerankNode node;
    private final boolean resets;

    @Inject
    public TransportRerankStatsAction(ThreadPool threadPool, ClusterService clusterService, TransportService transportService,
                                      ActionFilters actionFilters, RerankNode node) {
        this(RerankStatsAction.NAME, false, threadPool, clusterService, transportService, actionFilters, node);
    }

    protected TransportRerankStatsAction(String name, boolean resets, ThreadPool threadPool, ClusterService clusterService,
                                         TransportService transportService, ActionFilters actionFilters, RerankNode node) {
        super(name, clusterService, transportService, actionFilters, RerankNodeStatsRequest::new,
            threadPool.executor(ThreadPool.Names.MANAGEMENT));
        this.node = node;
        this.resets = resets;
    }

    /** {@code POST _llm_rerank/stats/_reset}: returns the counters as they were, then zeroes them. */
    public static final class Reset extends TransportRerankStatsAction {
        @Inject
        public Reset(ThreadPool threadPool, ClusterService clusterService, TransportService transportService, ActionFilters actionFilters,
                     RerankNode node) {
            super(RerankStatsAction.RESET_NAME, true, threadPool, clusterService, transportService, actionFilters, node);
        }
    }

    @Override
    protected RerankStatsResponse newResponse(RerankStatsRequest request, List<RerankNodeStats> nodes, List<FailedNodeException> failures) {
        return new RerankStatsResponse(clusterService.getClusterName(), nodes, failures, null);
    }

    @Override
    protected RerankNodeStatsRequest newNodeRequest(RerankStatsRequest request) {
        return new RerankNodeStatsRequest(resets);
    }

    @Override
    protected RerankNodeStats newNodeResponse(StreamInput in, DiscoveryNode sender) throws IOException {
        return new RerankNodeStats(in, sender);
    }

    @Override
    protected RerankNodeStats nodeOperation(RerankNodeStatsRequest request, Task task) {
        RerankStats snapshot = node.counters().snapshot();
        if (request.reset()) {
            node.counters().reset();
        }
        // gauges (queue depth, model state) are read, never reset
        return new RerankNodeStats(clusterService.localNode(), node.gauges().addTo(snapshot));
    }
}
