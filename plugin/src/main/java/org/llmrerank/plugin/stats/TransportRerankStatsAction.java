package org.llmrerank.plugin.stats;

import java.io.IOException;
import java.util.List;
import org.llmrerank.rest.stats.NodeRuntimeStats;
import org.llmrerank.rest.stats.RerankCounters;
import org.llmrerank.rest.stats.RerankStats;
import org.opensearch.action.FailedNodeException;
import org.opensearch.action.support.ActionFilters;
import org.opensearch.action.support.nodes.TransportNodesAction;
import org.opensearch.cluster.service.ClusterService;
import org.opensearch.common.inject.Inject;
import org.opensearch.core.common.io.stream.StreamInput;
import org.opensearch.threadpool.ThreadPool;
import org.opensearch.transport.TransportService;

/**
 * Reads every addressed node's counters on the management pool. The reset variant is registered
 * under an admin action name, so that reading needs only monitor permission and resetting needs admin.
 */
public class TransportRerankStatsAction
    extends TransportNodesAction<RerankStatsRequest, RerankStatsResponse, RerankNodeStatsRequest, RerankNodeStats> {

    private final RerankCounters counters;
    private final boolean resets;
    private final NodeRuntimeStats runtime;

    @Inject
    public TransportRerankStatsAction(ThreadPool threadPool, ClusterService clusterService, TransportService transportService,
                                      ActionFilters actionFilters, RerankCounters counters, NodeRuntimeStats runtime) {
        this(RerankStatsAction.NAME, false, threadPool, clusterService, transportService, actionFilters, counters, runtime);
    }

    protected TransportRerankStatsAction(String name, boolean resets, ThreadPool threadPool, ClusterService clusterService,
                                         TransportService transportService, ActionFilters actionFilters, RerankCounters counters, NodeRuntimeStats runtime) {
        super(name, threadPool, clusterService, transportService, actionFilters, RerankStatsRequest::new,
            RerankNodeStatsRequest::new, ThreadPool.Names.MANAGEMENT, RerankNodeStats.class);
        this.counters = counters;
        this.resets = resets;
        this.runtime = runtime;
    }

    /** {@code POST _plugins/_llm_rerank/stats/_reset}: returns the counters as they were, then zeroes them. */
    public static final class Reset extends TransportRerankStatsAction {
        @Inject
        public Reset(ThreadPool threadPool, ClusterService clusterService, TransportService transportService, ActionFilters actionFilters,
                     RerankCounters counters, NodeRuntimeStats runtime) {
            super(RerankStatsAction.RESET_NAME, true, threadPool, clusterService, transportService, actionFilters, counters, runtime);
        }
    }

    @Override
    protected RerankStatsResponse newResponse(RerankStatsRequest request, List<RerankNodeStats> nodes, List<FailedNodeException> failures) {
        return new RerankStatsResponse(clusterService.getClusterName(), nodes, failures);
    }

    @Override
    protected RerankNodeStatsRequest newNodeRequest(RerankStatsRequest request) {
        return new RerankNodeStatsRequest(resets);
    }

    @Override
    protected RerankNodeStats newNodeResponse(StreamInput in) throws IOException {
        return new RerankNodeStats(in);
    }

    @Override
    protected RerankNodeStats nodeOperation(RerankNodeStatsRequest request) {
        RerankStats snapshot = counters.snapshot();
        if (request.reset()) {
            counters.reset();
        }
        // gauges (queue depth, model state) are read, never reset
        return new RerankNodeStats(clusterService.localNode(), runtime.addTo(snapshot));
    }
}
