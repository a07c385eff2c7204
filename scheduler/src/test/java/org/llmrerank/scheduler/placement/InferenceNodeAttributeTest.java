package org.llmrerank.scheduler.placement;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class InferenceNodeAttributeTest {

    @Test
    void onlyTrueUnderANamedAttributeMarksANode() {
        assertTrue(InferenceNodeAttribute.marks("gpu", "true"));
        assertFalse(InferenceNodeAttribute.marks("gpu", "false"));
        assertFalse(InferenceNodeAttribute.marks("gpu", null));
        assertFalse(InferenceNodeAttribute.marks("", "true"));
        assertEquals("node.attr.gpu", InferenceNodeAttribute.nodeSetting("gpu"));
    }

    @Test
    void transportRepliesSayWhichNodeLeftAndTellTimeoutsFromFailures() {
        NodeReply left = NodeReply.leftTheCluster(new InferenceNode("id1", "infer-0"));
        assertEquals("inference node [infer-0] left the cluster", assertInstanceOf(NodeReply.Failed.class, left).cause().getMessage());
        Exception e = new Exception("x");
        assertSame(e, assertInstanceOf(NodeReply.TimedOut.class, NodeReply.failed(e, true)).cause());
        assertSame(e, assertInstanceOf(NodeReply.Failed.class, NodeReply.failed(e, false)).cause());
    }
}
