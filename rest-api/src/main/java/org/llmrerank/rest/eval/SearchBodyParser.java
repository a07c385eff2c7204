package org.llmrerank.rest.eval;

import java.util.Map;
import java.util.Optional;

/**
 * The engine's reading of one search body of an eval request: its own parsed form {@code S}, as written and without the
 * llm_rerank rescorer (the first-stage baseline; any other rescorer stays).
 */
@FunctionalInterface
public interface SearchBodyParser<S> {

    /**
     * @return empty when the body has no llm_rerank rescorer to evaluate
     * @throws Exception when the body is not a valid search body; its message is shown to the caller
     */
    Optional<Searches<S>> parse(Map<String, Object> body) throws Exception;

    /** The same search with and without the rerank. */
    record Searches<S>(S reranked, S firstStage) {}
}
