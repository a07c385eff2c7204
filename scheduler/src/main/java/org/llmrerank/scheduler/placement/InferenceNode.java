package org.llmrerank.scheduler.placement;

import java.util.Objects;

/**
 * A node that hosts models for the other nodes' searches, as the engine's cluster state names it.
 *
 * @param id   the engine's node id: load reports are kept under it
 * @param name the node's name, shown in a search's placement details
 */
public record InferenceNode(String id, String name) {

    public InferenceNode {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(name, "name");
    }
}
