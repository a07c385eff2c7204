package org.llmrerank.rescorer.pipeline;

/** What the scheduled route answers for one search: scores, a reason to keep first-stage order, or no capacity. */
public sealed interface ScheduledAnswer {

    /** The model judged (part of) the window. */
    record Scored(ScoredWindow window) implements ScheduledAnswer {}

    /** Nothing was judged; the search keeps first-stage order for {@code cause}. */
    record NotScored(FallbackCause cause, String reason) implements ScheduledAnswer {}

    /** Every scheduler asked refused the window: the user gets 429 with a retry-after estimate. */
    record Rejected(long retryAfterSeconds, String reason) implements ScheduledAnswer {}
}
