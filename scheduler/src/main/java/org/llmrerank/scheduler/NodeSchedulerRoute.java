package org.llmrerank.scheduler;

import java.util.Objects;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import org.llmrerank.rescorer.pipeline.RerankPlan;
import org.llmrerank.rescorer.pipeline.ScheduledAnswer;
import org.llmrerank.rescorer.pipeline.ScheduledRoute;
import org.llmrerank.routing.Cancellation;

/**
 * This node's scheduler as the pipeline's scheduled route: the program is queued here, and its result (or the
 * rejection) becomes the search's answer. An engine with inference nodes puts its transport in front of this.
 */
public final class NodeSchedulerRoute implements ScheduledRoute {

    private final InferenceScheduler scheduler;
    private final String nodeName;
    private final BooleanSupplier enabled;

    /**
     * @param nodeName named in the answer's placement
     * @param enabled  whether searches go through the scheduler now (the engine's setting)
     */
    public NodeSchedulerRoute(InferenceScheduler scheduler, String nodeName, BooleanSupplier enabled) {
        this.scheduler = Objects.requireNonNull(scheduler, "scheduler");
        this.nodeName = nodeName;
        this.enabled = Objects.requireNonNull(enabled, "enabled");
    }

    @Override
    public boolean enabled() {
        return enabled.getAsBoolean();
    }

    @Override
    public void run(RerankPlan plan, long timeoutNanos, Cancellation cancellation, Consumer<ScheduledAnswer> answer) {
        Admission a = scheduler.submit(plan.options().model(), plan.queryText(), plan.texts(), timeoutNanos, cancellation,
            jr -> answer.accept(ScheduledAnswers.of(jr, nodeName, 0)));
        if (a instanceof Admission.Rejected rejected) {
            answer.accept(new ScheduledAnswer.Rejected(rejected.retryAfterSeconds(), rejected.reason()));
        }
    }
}
