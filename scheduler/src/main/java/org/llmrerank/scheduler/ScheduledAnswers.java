package org.llmrerank.scheduler;

import java.util.Locale;
import org.llmrerank.rescorer.pipeline.FallbackCause;
import org.llmrerank.rescorer.pipeline.Placement;
import org.llmrerank.rescorer.pipeline.ScheduledAnswer;
import org.llmrerank.rescorer.pipeline.ScoredWindow;

/** What a program's result means for the search that sent it: scores with their placement, or a fallback cause. */
public final class ScheduledAnswers {

    private ScheduledAnswers() {}

    /**
     * @param node      the node whose scheduler ran the program
     * @param failovers inference nodes tried before that one
     */
    public static ScheduledAnswer of(JobResult jr, String node, int failovers) {
        JobResult.Outcome outcome = jr.outcome();
        if (outcome.reranked()) {
            Placement placement = new Placement(node, outcome.name().toLowerCase(Locale.ROOT), outcome.degraded(), jr.model(), jr.judgedDepth(),
                jr.queueNanos(), failovers);
            return new ScheduledAnswer.Scored(new ScoredWindow(jr.scores(), jr.judgedDocs(), jr.estimatedFlops(), jr.countedFlops(),
                jr.inputTokens(), jr.modelNanos(), jr.layers(), outcome != JobResult.Outcome.COMPLETE, placement));
        }
        // the deadline left no time to judge anything: a deadline miss, not a model failure
        FallbackCause cause = outcome == JobResult.Outcome.DEGRADED_FIRST_STAGE || outcome == JobResult.Outcome.EXPIRED
            ? FallbackCause.TIMEOUT : FallbackCause.MODEL_ERROR;
        return new ScheduledAnswer.NotScored(cause, "scheduler" + (node == null ? "" : " on [" + node + "]") + ": "
            + outcome.name().toLowerCase(Locale.ROOT) + ": " + jr.error());
    }
}
