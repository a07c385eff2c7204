package org.llmrerank.elasticsearch.inference;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.function.Consumer;
import org.elasticsearch.cluster.node.DiscoveryNode;
import org.elasticsearch.cluster.service.ClusterService;
import org.elasticsearch.common.io.stream.StreamInput;
import org.elasticsearch.core.TimeValue;
import org.elasticsearch.threadpool.ThreadPool;
import org.elasticsearch.transport.ReceiveTimeoutTransportException;
import org.elasticsearch.transport.TransportException;
import org.elasticsearch.transport.TransportRequestOptions;
import org.elasticsearch.transport.TransportResponseHandler;
import org.elasticsearch.transport.TransportService;
import org.llmrerank.scheduler.placement.InferenceNode;
import org.llmrerank.scheduler.placement.InferenceTransport;
import org.llmrerank.scheduler.placement.InferenceWork;
import org.llmrerank.scheduler.placement.NodeReply;

/**
 * Elasticsearch's side of inference placement: inference nodes from the cluster state (the attribute
 * {@link EsInferenceSettings#NODE_ATTRIBUTE} names set to {@code true}), windows sent over {@link InferenceAction},
 * replies handled on the generic pool: never a transport thread, since the next send may follow at once.
 */
final class EsInferenceTransport implements InferenceTransport {

    private final ClusterService clusterService;
    private final Executor replies;
    private volatile String attribute;
    private volatile TransportService transportService;

    EsInferenceTransport(ClusterService clusterService, ThreadPool threadPool, String attribute) {
        this.clusterService = clusterService;
        this.replies = threadPool.generic();
        this.attribute = attribute;
    }

    void setAttribute(String attribute) {
        this.attribute = attribute;
    }

    void setTransportService(TransportService transportService) {
        this.transportService = transportService;
    }

    static boolean isInferenceNode(DiscoveryNode n, String attribute) {
        return attribute.isEmpty() == false && "true".equals(n.getAttributes().get(attribute));
    }

    @Override
    public List<InferenceNode> inferenceNodes() {
        String a = attribute;
        if (transportService == null || a.isEmpty()) {
            return List.of(); // not wired yet, or no inference nodes configured: every program runs here
        }
        List<InferenceNode> out = new ArrayList<>();
        for (DiscoveryNode n : clusterService.state().nodes()) {
            if (isInferenceNode(n, a)) {
                out.add(new InferenceNode(n.getId(), n.getName()));
            }
        }
        return out;
    }

    @Override
    public void send(InferenceNode node, InferenceWork work, long timeoutMillis, Consumer<NodeReply> reply) {
        DiscoveryNode target = clusterService.state().nodes().get(node.id());
        if (target == null) {
            reply.accept(new NodeReply.Failed(new IllegalStateException("inference node [" + node.name() + "] left the cluster")));
            return;
        }
        transportService.sendRequest(target, InferenceAction.NAME,
            new InferenceRequest(work),
            TransportRequestOptions.timeout(TimeValue.timeValueMillis(timeoutMillis)), new TransportResponseHandler<InferenceResponse>() {
                @Override
                public InferenceResponse read(StreamInput in) throws IOException {
                    return new InferenceResponse(in);
                }

                @Override
                public void handleResponse(InferenceResponse r) {
                    reply.accept(new NodeReply.Answered(r.answer()));
                }

                @Override
                public void handleException(TransportException e) {
                    reply.accept(e instanceof ReceiveTimeoutTransportException ? new NodeReply.TimedOut(e) : new NodeReply.Failed(e));
                }

                @Override
                public Executor executor() {
                    return replies;
                }
            });
    }
}
