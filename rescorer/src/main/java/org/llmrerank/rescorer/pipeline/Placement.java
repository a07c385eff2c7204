package org.llmrerank.rescorer.pipeline;

/**
 * Where and how the scheduler served a search.
 *
 * @param node        the node whose scheduler ran the program
 * @param outcome     why the program stopped: complete, stopped_certain (certaindex: the top-k was stable), a
 *                    degradation under the deadline, ...
 * @param degraded    whether the deadline cut the depth short or moved the window to the cheaper model
 * @param judgedModel the model that judged (the cheaper one when degraded to it)
 * @param judgedDepth the window prefix the model covered
 * @param queueNanos  wait before the program started
 * @param failovers   inference nodes tried before the one that answered
 */
public record Placement(String node, String outcome, boolean degraded, String judgedModel, int judgedDepth, long queueNanos,
                        int failovers) {}
