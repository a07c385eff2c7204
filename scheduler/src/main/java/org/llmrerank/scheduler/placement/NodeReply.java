package org.llmrerank.scheduler.placement;

/** How a send to an inference node ended. */
public sealed interface NodeReply {

    /** The reply when the node a program was meant for is no longer in the cluster state. */
    static NodeReply leftTheCluster(InferenceNode node) {
        return new Failed(new IllegalStateException("inference node [" + node.name() + "] left the cluster"));
    }

    /** The reply for a transport failure; {@code timedOut} when the engine reports the answer did not come in time. */
    static NodeReply failed(Exception cause, boolean timedOut) {
        return timedOut ? new TimedOut(cause) : new Failed(cause);
    }

    /** The node answered (a result or a rejection). */
    record Answered(NodeAnswer answer) implements NodeReply {}

    /** The node could not answer: it left the cluster, refused the connection, failed, or its answer was unreadable. */
    record Failed(Exception cause) implements NodeReply {}

    /**
     * The node did not answer within the time given. Under overload a healthy node is slow, not broken: this is a
     * deadline miss, not a failed node.
     */
    record TimedOut(Exception cause) implements NodeReply {}
}
