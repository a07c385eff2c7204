package org.llmrerank.elasticsearch;

import java.util.List;
import java.util.Objects;
import java.util.Set;
import org.llmrerank.rescorer.Strategy;

/**
 * The one call both request surfaces (the {@code llm_rerank} retriever and the {@code llm_rerank} rescore clause) make
 * once the coordinating node holds the merged first-stage window: query text and hits in first-stage order in, new
 * order and scores out. It never fails a search for a model problem: a failure, a timeout or a budget that fits
 * nothing comes back as a {@link Result} that keeps first-stage order and says why.
 *
 * <p>Engine-neutral on purpose (no Elasticsearch type crosses it), so that the engine-neutral serving core can stand
 * behind it without touching the Elasticsearch glue.
 */
public interface WindowReranker {

    /**
     * Reranks {@code hits} (first-stage order) for {@code queryText}. Never blocks the calling thread: the listener is
     * called once, on another thread.
     */
    void rerank(String queryText, List<Hit> hits, Options options, Listener listener);

    /** Names of the models this node can run (validation must not load one). */
    Set<String> models();

    /** Strategies {@code model} supports; empty when the name is unknown. */
    Set<Strategy> strategiesOf(String model);

    /**
     * One first-stage hit of the window.
     *
     * @param id               the hit's identity in the engine, for details and logs only
     * @param text             what the model reads; null or blank when the hit has no text in the field
     * @param firstStageScore  the hit's first-stage score
     */
    record Hit(String id, String text, float firstStageScore) {}

    /**
     * The clause after index defaults and cluster limits were applied.
     *
     * @param flopsBudget     FLOPs per query; +infinity when unlimited
     * @param topK            positions that must be exact (sorting strategies stop once they are placed)
     * @param timeoutMillis   deadline for the model; past it the hits keep first-stage order
     */
    record Options(String model, Strategy strategy, double flopsBudget, int topK, long timeoutMillis) {
        public Options {
            Objects.requireNonNull(model, "model");
            Objects.requireNonNull(strategy, "strategy");
            if (topK < 1 || timeoutMillis < 1) {
                throw new IllegalArgumentException("topK and timeoutMillis must be positive, got " + topK + " and " + timeoutMillis);
            }
        }
    }

    /** Whether the model's order was applied, and if not, why not. */
    enum Status { RERANKED, FALLBACK }

    /**
     * @param order          first-stage positions in their new order: a permutation of 0..n-1
     * @param scores         the model's score per first-stage position; NaN where the model did not judge the hit
     * @param strategy       the strategy that ran (for {@code auto}, what it chose); null on fallback
     * @param fallbackCause  {@code timeout}, {@code model_error}, {@code rejected}, {@code budget} or {@code no_text};
     *                       null when reranked
     */
    record Result(int[] order, float[] scores, Status status, Strategy strategy, String fallbackCause, String reason) {

        /** First-stage order for {@code n} hits, none judged. */
        public static Result firstStageOrder(int n, String cause, String reason) {
            int[] order = new int[n];
            float[] scores = new float[n];
            for (int i = 0; i < n; i++) {
                order[i] = i;
                scores[i] = Float.NaN;
            }
            return new Result(order, scores, Status.FALLBACK, null, cause, reason);
        }
    }

    /** Called exactly once per {@link #rerank} call. */
    interface Listener {
        void onResult(Result result);

        /** A bug or an unusable request, not a model problem (those are fallback results). */
        void onFailure(Exception e);
    }
}
