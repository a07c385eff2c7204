package org.llmrerank.rescorer.pipeline;

import java.util.Objects;
import org.llmrerank.rescorer.RerankOutcome;

/**
 * The one outcome of a search's rerank, whichever route served it: what the engine renders into the response and
 * counts in the statistics.
 *
 * @param status            reranked, fallback (first-stage order, {@code cause} says why), skipped (nothing to do), or
 *                          rejected (no capacity anywhere: the user gets 429)
 * @param cause             set for fallback and rejected
 * @param reason            one sentence for fallback and rejected; null otherwise
 * @param outcome           set when reranked: order, scores, strategy that ran, FLOPs, layers
 * @param placement         set when the scheduler served the search
 * @param modelLoadNanos    time spent loading the model for this search (first use only)
 * @param overheadNanos     what the rerank stage spent besides loading and running the model; -1 when not measured
 * @param retryAfterSeconds for rejected: when capacity is expected back
 */
public record RerankResult(Status status, FallbackCause cause, String reason, RerankOutcome outcome, Placement placement,
                           long modelLoadNanos, long overheadNanos, long retryAfterSeconds) {

    public enum Status {
        RERANKED("reranked"), FALLBACK("fallback"), SKIPPED("skipped"), REJECTED("rejected");

        private final String key;

        Status(String key) {
            this.key = key;
        }

        public String key() {
            return key;
        }
    }

    public RerankResult {
        Objects.requireNonNull(status, "status");
        if ((status == Status.RERANKED) != (outcome != null)) {
            throw new IllegalArgumentException("an outcome exactly when reranked: " + status);
        }
        if ((status == Status.FALLBACK || status == Status.REJECTED) != (cause != null)) {
            throw new IllegalArgumentException("a cause exactly for fallback and rejected: " + status);
        }
    }

    public static RerankResult reranked(RerankOutcome outcome, Placement placement, long modelLoadNanos, long overheadNanos) {
        return new RerankResult(Status.RERANKED, null, null, outcome, placement, modelLoadNanos, overheadNanos, 0);
    }

    public static RerankResult fallback(FallbackCause cause, String reason) {
        return new RerankResult(Status.FALLBACK, cause, reason, null, null, 0, -1, 0);
    }

    public static RerankResult skipped() {
        return new RerankResult(Status.SKIPPED, null, null, null, null, 0, -1, 0);
    }

    public static RerankResult rejected(long retryAfterSeconds, String reason) {
        return new RerankResult(Status.REJECTED, FallbackCause.REJECTED, reason, null, null, 0, -1, retryAfterSeconds);
    }

    /** Passages of the window without text (those a budget left out do have text). */
    public int docsWithoutText(int windowSize) {
        return outcome == null ? 0 : windowSize - outcome.budget().passagesWithText();
    }
}
