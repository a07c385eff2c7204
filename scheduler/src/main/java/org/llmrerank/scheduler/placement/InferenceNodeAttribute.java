package org.llmrerank.scheduler.placement;

/**
 * The node attribute that marks inference nodes: a node started with {@code node.attr.<name>: true} hosts the model for
 * the others' searches. An empty name marks no node.
 */
public final class InferenceNodeAttribute {

    private InferenceNodeAttribute() {}

    /** Whether a node whose attribute {@code attribute} holds {@code value} (null when it has none) is an inference node. */
    public static boolean marks(String attribute, String value) {
        return attribute.isEmpty() == false && "true".equals(value);
    }

    /** The node setting that gives a node the attribute. */
    public static String nodeSetting(String attribute) {
        return "node.attr." + attribute;
    }
}
