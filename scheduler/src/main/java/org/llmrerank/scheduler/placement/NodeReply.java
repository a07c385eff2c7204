package org.llmrerank.scheduler.placement;

/** How a send to an inference node ended. */
public sealed interface NodeReply {

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
