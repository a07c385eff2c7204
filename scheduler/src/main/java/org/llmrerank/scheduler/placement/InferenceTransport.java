package org.llmrerank.scheduler.placement;

import java.util.List;
import java.util.function.Consumer;

/** What {@link InferencePlacement} needs from an engine: its inference nodes and a way to send them work. */
public interface InferenceTransport {

    /**
     * The nodes that serve inference now, in the engine's stable order (the cluster state's). Empty when there is none
     * or the transport is not ready yet: then every program runs on this node.
     */
    List<InferenceNode> inferenceNodes();

    /**
     * Sends {@code work} to {@code node}; {@code reply} receives exactly one reply, on a thread that may block briefly
     * and send again (never a network thread), and a send that fails at once is a {@link NodeReply.Failed} reply, not an
     * exception. Must not block the calling thread.
     *
     * @param timeoutMillis how long to wait for the answer before replying {@link NodeReply.TimedOut}
     */
    void send(InferenceNode node, InferenceWork work, long timeoutMillis, Consumer<NodeReply> reply);
}
