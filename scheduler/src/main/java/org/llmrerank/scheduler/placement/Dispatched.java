package org.llmrerank.scheduler.placement;

import org.llmrerank.rescorer.pipeline.FallbackCause;
import org.llmrerank.rescorer.pipeline.ScheduledAnswer;
import org.llmrerank.scheduler.JobResult;
import org.llmrerank.scheduler.ScheduledAnswers;

/**
 * What the coordinator gets for one program.
 *
 * @param result    null when nothing ran
 * @param node      the node that ran it; null when none did
 * @param failovers inference nodes tried before the one that answered, or tried in vain
 * @param cause     why nothing ran when {@code result} is null and the program was not rejected: {@code TIMEOUT} (the
 *                  deadline ran out, or the last node tried did not answer within it) or {@code NODE_FAILURE} (every
 *                  node tried failed); null otherwise
 */
public record Dispatched(JobResult result, String node, boolean rejected, long retryAfterSeconds, String reason, int failovers,
                         FallbackCause cause) {

    /** What the search makes of it: scores with their placement, a fallback with its cause, or a 429. */
    public ScheduledAnswer toAnswer() {
        if (rejected) {
            return new ScheduledAnswer.Rejected(retryAfterSeconds, reason);
        }
        if (result == null) {
            return new ScheduledAnswer.NotScored(cause != null ? cause : FallbackCause.MODEL_ERROR, "scheduler: " + reason);
        }
        return ScheduledAnswers.of(result, node, failovers);
    }
}
