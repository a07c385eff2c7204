package org.llmrerank.rescorer.pipeline;

import java.util.function.Consumer;
import org.llmrerank.routing.Cancellation;

/**
 * Serves a {@link RerankPlan.Route#SCHEDULED} plan: the engine sends the window to this node's scheduler or to an
 * inference node over its transport. Must not block the calling thread.
 */
public interface ScheduledRoute {

    /** Whether searches go through the scheduler on this node now (a policy is on, or there are inference nodes). */
    boolean enabled();

    /**
     * @param timeoutNanos time left until the search's deadline
     * @param cancellation cancelled by the pipeline once the search was answered without the model
     * @param answer       receives exactly one answer, on any thread
     */
    void run(RerankPlan plan, long timeoutNanos, Cancellation cancellation, Consumer<ScheduledAnswer> answer);
}
