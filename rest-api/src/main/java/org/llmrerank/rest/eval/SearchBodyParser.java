package org.llmrerank.rest.eval;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;

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

    /**
     * The rescorers the first-stage baseline keeps, in their order: every one but the llm_rerank ones. Empty when the
     * search has no llm_rerank rescorer, so nothing to evaluate.
     */
    static <R> Optional<List<R>> baselineRescorers(List<R> rescorers, Predicate<? super R> isRerank) {
        if (rescorers == null || rescorers.stream().noneMatch(isRerank)) {
            return Optional.empty();
        }
        return Optional.of(rescorers.stream().filter(r -> isRerank.test(r) == false).toList());
    }

    /** The same search with and without the rerank. */
    record Searches<S>(S reranked, S firstStage) {}
}
