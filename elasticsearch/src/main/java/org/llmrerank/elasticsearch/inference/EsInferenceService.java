package org.llmrerank.elasticsearch.inference;

import java.io.Closeable;
import java.util.function.Consumer;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import org.elasticsearch.action.ActionListener;
import org.elasticsearch.cluster.service.ClusterService;
import org.elasticsearch.common.settings.ClusterSettings;
import org.elasticsearch.common.settings.Settings;
import org.elasticsearch.common.util.concurrent.EsExecutors;
import org.elasticsearch.threadpool.ThreadPool;
import org.elasticsearch.transport.TransportService;
import org.llmrerank.rescorer.pipeline.RerankPlan;
import org.llmrerank.rescorer.pipeline.ScheduledAnswer;
import org.llmrerank.rescorer.pipeline.ScheduledRoute;
import org.llmrerank.routing.Cancellation;
import org.llmrerank.scheduler.InferenceScheduler;
import org.llmrerank.scheduler.ModelLookup;
import org.llmrerank.scheduler.SchedulerStats;
import org.llmrerank.scheduler.placement.NodeInference;
import org.llmrerank.scheduler.placement.PlacementLog;

/**
 * Inference placement and this node's scheduler on Elasticsearch: the engine-neutral {@link NodeInference} with the
 * settings of {@link EsInferenceSettings} and the {@link EsInferenceTransport}. It is the rerank pipeline's scheduled
 * route: searches go through it once a scheduler policy is on or the cluster has inference nodes, and stay on the
 * node's own {@code llm_rerank} pool otherwise.
 */
public final class EsInferenceService implements ScheduledRoute, Closeable {

    private static final Logger logger = LogManager.getLogger(EsInferenceService.class);

    private static final PlacementLog LOG = new PlacementLog() {
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

    private final EsInferenceTransport transport;
    private final NodeInference node;

    /**
     * @param workers   the scheduler's worker threads
     * @param queueSize programs the scheduler queues before it rejects (a 429 once every node rejected)
     */
    public EsInferenceService(Settings settings, ClusterService clusterService, ThreadPool threadPool, ModelLookup models, int workers,
                              int queueSize) {
        String attribute = EsInferenceSettings.NODE_ATTRIBUTE.get(settings);
        this.transport = new EsInferenceTransport(clusterService, threadPool, attribute);
        boolean inferenceNode = attribute.isEmpty() == false && "true".equals(settings.get("node.attr." + attribute));
        NodeInference.Config config = new NodeInference.Config(EsInferenceSettings.POLICY.get(settings),
            EsInferenceSettings.CHEAP_MODEL.get(settings), EsInferenceSettings.FLOPS_PER_SECOND.get(settings),
            EsInferenceSettings.CALIBRATION_MODEL.get(settings), EsInferenceSettings.MAX_BATCH_PROGRAMS.get(settings),
            EsInferenceSettings.MAX_BATCH_PASSAGES.get(settings), workers, queueSize, inferenceNode);
        this.node = new NodeInference(config, models, EsExecutors.daemonThreadFactory(settings, "llm_rerank_scheduler"),
            threadPool.generic(), transport, () -> clusterService.localNode().getName(), LOG);
        ClusterSettings cs = clusterService.getClusterSettings();
        cs.addSettingsUpdateConsumer(EsInferenceSettings.NODE_ATTRIBUTE, transport::setAttribute);
        cs.addSettingsUpdateConsumer(EsInferenceSettings.POLICY, node::setPolicy);
        cs.addSettingsUpdateConsumer(EsInferenceSettings.MAX_BATCH_PROGRAMS, EsInferenceSettings.MAX_BATCH_PASSAGES,
            (programs, passages) -> node.scheduler().setBatching(programs, passages));
    }

    void setTransportService(TransportService transportService) {
        transport.setTransportService(transportService);
    }

    public SchedulerStats stats() {
        return node.stats();
    }

    public InferenceScheduler scheduler() {
        return node.scheduler();
    }

    @Override
    public boolean enabled() {
        return node.placement().enabled();
    }

    @Override
    public void run(RerankPlan plan, long timeoutNanos, Cancellation cancellation, Consumer<ScheduledAnswer> answer) {
        node.placement().run(plan, timeoutNanos, cancellation, answer);
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
