package org.llmrerank.plugin.inference;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.llmrerank.scheduler.placement.InferenceNode;
import org.llmrerank.scheduler.placement.InferenceTransport;
import org.llmrerank.scheduler.placement.InferenceWork;
import org.llmrerank.scheduler.placement.NodeReply;
import org.opensearch.cluster.node.DiscoveryNode;
import org.opensearch.cluster.service.ClusterService;
import org.opensearch.common.unit.TimeValue;
import org.opensearch.core.common.io.stream.StreamInput;
import org.opensearch.threadpool.ThreadPool;
import org.opensearch.transport.ReceiveTimeoutTransportException;
import org.opensearch.transport.TransportException;
import org.opensearch.transport.TransportRequestOptions;
import org.opensearch.transport.TransportResponseHandler;
import org.opensearch.transport.TransportService;

/**
 * OpenSearch's side of inference placement: inference nodes from the cluster state (the {@code ml} role, or the
 * attribute {@link InferenceSettings#NODE_ATTRIBUTE} names set to {@code true}), windows sent over
 * {@link InferenceAction}, replies handled on the generic pool (never a transport thread: the next send may follow).
 */
final class OpenSearchInferenceTransport implements InferenceTransport {

    private final ClusterService clusterService;
    private final ThreadPool threadPool;
    private volatile String attribute;
    private volatile TransportService transportService;

    OpenSearchInferenceTransport(ClusterService clusterService, ThreadPool threadPool, String attribute) {
        this.clusterService = clusterService;
        this.threadPool = threadPool;
        this.attribute = attribute;
    }

    void setAttribute(String attribute) {
        this.attribute = attribute;
    }

    void setTransportService(TransportService transportService) {
        this.transportService = transportService;
    }

    boolean isInferenceNode(DiscoveryNode n) {
        String a = attribute;
        if (n.getRoles().stream().anyMatch(r -> InferenceSettings.ML_ROLE.equals(r.roleName()))) {
            return true;
        }
        return a.isEmpty() == false && "true".equals(n.getAttributes().get(a));
    }

    List<DiscoveryNode> inferenceDiscoveryNodes() {
        List<DiscoveryNode> out = new ArrayList<>();
        for (DiscoveryNode n : clusterService.state().nodes()) {
            if (isInferenceNode(n)) {
                out.add(n);
            }
        }
        return out;
    }

    @Override
    public List<InferenceNode> inferenceNodes() {
        if (transportService == null) {
            return List.of(); // not wired yet: every program runs here
        }
        return inferenceDiscoveryNodes().stream().map(n -> new InferenceNode(n.getId(), n.getName())).toList();
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
            TransportRequestOptions.builder().withTimeout(TimeValue.timeValueMillis(timeoutMillis)).build(),
            new TransportResponseHandler<InferenceResponse>() {
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
                public String executor() {
                    return ThreadPool.Names.GENERIC;
                }
            });
    }
}
