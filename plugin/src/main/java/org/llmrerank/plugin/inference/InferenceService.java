package org.llmrerank.plugin.inference;

import java.io.Closeable;
import java.util.List;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import org.llmrerank.rescorer.pipeline.FallbackCause;
import org.llmrerank.rescorer.pipeline.RerankPlan;
import org.llmrerank.rescorer.pipeline.ScheduledAnswer;
import org.llmrerank.rescorer.pipeline.ScheduledRoute;
import org.llmrerank.routing.Cancellation;
import org.llmrerank.scheduler.InferenceScheduler;
import org.llmrerank.scheduler.JobResult;
import org.llmrerank.scheduler.ModelLookup;
import org.llmrerank.scheduler.SchedulerStats;
import org.llmrerank.scheduler.placement.NodeInference;
import org.llmrerank.scheduler.placement.PlacementLog;
import org.opensearch.cluster.node.DiscoveryNode;
import org.opensearch.cluster.service.ClusterService;
import org.opensearch.common.settings.Settings;
import org.opensearch.common.unit.TimeValue;
import org.opensearch.common.util.concurrent.OpenSearchExecutors;
import org.opensearch.core.action.ActionListener;
import org.opensearch.threadpool.ThreadPool;
import org.opensearch.transport.TransportService;

/**
 * Inference placement and this node's scheduler on OpenSearch: the engine-neutral {@link NodeInference} with the
 * settings of {@link InferenceSettings} and the {@link OpenSearchInferenceTransport}. Inference nodes are the nodes with
 * the {@code ml} role or with the attribute named by {@link InferenceSettings#NODE_ATTRIBUTE}.
 */
public final class InferenceService implements Closeable, ScheduledRoute {

    private static final Logger logger = LogManager.getLogger(InferenceService.class);

    /** Placement's and the calibration's reports, in this plugin's log. */
    static final PlacementLog LOG = new PlacementLog() {
        @Override
        public void info(String message) {
            logger.info(message);
        }

        @Override
        public void warn(String message, Exception e) {
            logger.warn(message, e);
        }

        @Override
        public void debug(String message, Exception e) {
            logger.debug(() -> message, e);
        }
    };

    /**
     * What the coordinator gets for one program: the placement's {@link org.llmrerank.scheduler.placement.Dispatched},
     * as this service's callers receive it through an {@link ActionListener}.
     *
     * @param cause why nothing ran when {@code result} is null and the program was not rejected: {@code TIMEOUT} (the
     *              deadline ran out, or the last node tried did not answer within it) or {@code NODE_FAILURE} (every
     *              node tried failed); null otherwise
     */
    public record Dispatched(JobResult result, String node, boolean rejected, long retryAfterSeconds, String reason, int failovers,
                             FallbackCause cause) {

        static Dispatched of(org.llmrerank.scheduler.placement.Dispatched d) {
            return new Dispatched(d.result(), d.node(), d.rejected(), d.retryAfterSeconds(), d.reason(), d.failovers(), d.cause());
        }
    }

    private final OpenSearchInferenceTransport transport;
    private final NodeInference node;

    public InferenceService(Settings settings, ClusterService clusterService, ThreadPool threadPool, ModelLookup models, int workers,
                            int queueSize) {
        String attribute = InferenceSettings.NODE_ATTRIBUTE.get(settings);
        this.transport = new OpenSearchInferenceTransport(clusterService, threadPool, attribute);
        clusterService.getClusterSettings().addSettingsUpdateConsumer(InferenceSettings.NODE_ATTRIBUTE, transport::setAttribute);
        boolean inferenceNode = settings.getAsList("node.roles").contains(InferenceSettings.ML_ROLE)
            || (attribute.isEmpty() == false && "true".equals(settings.get("node.attr." + attribute)));
        NodeInference.Config config = new NodeInference.Config(InferenceSettings.POLICY.get(settings), InferenceSettings.CHEAP_MODEL.get(settings),
            InferenceSettings.FLOPS_PER_SECOND.get(settings), InferenceSettings.CALIBRATION_MODEL.get(settings),
            InferenceSettings.MAX_BATCH_PROGRAMS.get(settings), InferenceSettings.MAX_BATCH_PASSAGES.get(settings), workers, queueSize,
            inferenceNode);
        this.node = new NodeInference(config, models, OpenSearchExecutors.daemonThreadFactory(settings, "llm_rerank_scheduler"),
            threadPool.generic(), transport, () -> clusterService.localNode().getName(), LOG);
        clusterService.getClusterSettings().addSettingsUpdateConsumer(InferenceSettings.POLICY, node::setPolicy);
        clusterService.getClusterSettings().addSettingsUpdateConsumer(InferenceSettings.MAX_BATCH_PROGRAMS,
            InferenceSettings.MAX_BATCH_PASSAGES, (programs, passages) -> node.scheduler().setBatching(programs, passages));
    }

    public void setTransportService(TransportService transportService) {
        transport.setTransportService(transportService);
    }

    public SchedulerStats stats() {
        return node.stats();
    }

    public InferenceScheduler scheduler() {
        return node.scheduler();
    }

    /** Whether searches go through the scheduler: a policy is on, or there are inference nodes. */
    @Override
    public boolean enabled() {
        return node.placement().enabled();
    }

    public boolean isInferenceNode(DiscoveryNode n) {
        return transport.isInferenceNode(n);
    }

    public List<DiscoveryNode> inferenceNodes() {
        return transport.inferenceDiscoveryNodes();
    }

    @Override
    public void run(RerankPlan plan, long timeoutNanos, Cancellation cancellation, java.util.function.Consumer<ScheduledAnswer> answer) {
        node.placement().run(plan, timeoutNanos, cancellation, answer);
    }

    public void dispatch(String model, String query, List<String> texts, TimeValue timeout, Cancellation cancellation,
                         ActionListener<Dispatched> listener) {
        node.placement().dispatch(model, query, texts, timeout.nanos(), cancellation, d -> listener.onResponse(Dispatched.of(d)));
    }

    /** Inference node side: queues a program another node sent; the answer carries this node's backlog and FLOP/s. */
    void serve(InferenceRequest request, ActionListener<InferenceResponse> listener) {
        node.placement().serve(request.work(), a -> listener.onResponse(new InferenceResponse(a)));
    }

    @Override
    public void close() {
        node.close();
    }
}
