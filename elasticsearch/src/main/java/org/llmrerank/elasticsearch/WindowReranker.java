package org.llmrerank.elasticsearch;

import java.util.List;
import java.util.Set;
import java.util.function.Consumer;
import org.llmrerank.rescorer.Strategy;
import org.llmrerank.rescorer.pipeline.RerankOptions;
import org.llmrerank.rescorer.pipeline.RerankResult;
import org.llmrerank.rest.models.RegisteredModels;

/**
 * The one call both request surfaces (the {@code llm_rerank} retriever and the {@code llm_rerank} rescore clause) make
 * once the coordinating node holds the merged first-stage window: query text and hits in first-stage order in, one
 * {@link RerankResult} out. A model problem never fails the search: a failure, a timeout or a budget that fits nothing
 * is a fallback result that keeps first-stage order and says why. No Elasticsearch type crosses it, so tests can stand
 * in for the model behind it.
 */
public interface WindowReranker {

    /**
     * Reranks {@code hits} (first-stage order) for {@code queryText}. Never blocks the calling thread; {@code done}
     * receives exactly one result, on any thread.
     *
     * @param pageTouchesWindow whether the user's page holds a position the rerank can change (if not, nothing is spent)
     */
    void rerank(String queryText, List<Hit> hits, RerankOptions options, boolean pageTouchesWindow, Consumer<RerankResult> done);

    /** Names of the models this node can run (validation must not load one). */
    Set<String> models();

    /** Strategies {@code model} supports; empty when the name is unknown. */
    Set<Strategy> strategiesOf(String model);

    /** Where operators' models (the models API) are registered on this node; null where it runs none. */
    default RegisteredModels.Target registrations() {
        return null;
    }

    /** Whether {@code model} is in memory on this node now; asking never loads it. */
    default boolean isLoaded(String model) {
        return false;
    }

    /**
     * One first-stage hit of the window.
     *
     * @param id               the hit's identity in the engine, for logs and tests
     * @param text             what the model reads; null when the hit has no text in the field
     * @param firstStageScore  the hit's first-stage score
     */
    record Hit(String id, String text, float firstStageScore) {}
}
