package org.llmrerank.rest.clause;

import java.util.List;
import org.llmrerank.rest.ValidationErrors;

/**
 * The parts of a search with an {@code llm_rerank} rescore clause that decide whether the rerank can run on the merged
 * hits, as plain values each engine reads from its search request; and the page the user asked for.
 *
 * @param clauses              how many {@code llm_rerank} rescorers the search has
 * @param clauseIsLast         whether the clause is the last rescorer
 * @param scroll               whether the search scrolls
 * @param sortedOtherThanScore whether the search sorts by anything but {@code _score}
 * @param collapse             whether the search collapses hits
 * @param noStoredFields       whether {@code stored_fields} is {@code _none_}
 * @param requestedFrom        {@code from} as the request has it (negative when unset)
 * @param requestedSize        {@code size} as the request has it (negative when unset)
 */
public record RescoreSearch(long clauses, boolean clauseIsLast, boolean scroll, boolean sortedOtherThanScore, boolean collapse,
                            boolean noStoredFields, int requestedFrom, int requestedSize) {

    /** Hits per page when the search does not say. */
    public static final int DEFAULT_SIZE = 10;

    /**
     * @param rescorers the search's rescorers, in order
     * @param clause    its {@code llm_rerank} rescorer ({@link #clauseOf})
     */
    public static RescoreSearch of(List<?> rescorers, Object clause, boolean scroll, boolean sortedOtherThanScore, boolean collapse,
                                   boolean noStoredFields, int requestedFrom, int requestedSize) {
        long clauses = rescorers.stream().filter(r -> clause.getClass().isInstance(r)).count();
        return new RescoreSearch(clauses, rescorers.get(rescorers.size() - 1) == clause, scroll, sortedOtherThanScore, collapse,
            noStoredFields, requestedFrom, requestedSize);
    }

    /** The first rescorer of {@code clauseType}, the engine's {@code llm_rerank} rescorer; null when there is none. */
    public static <C> C clauseOf(List<?> rescorers, Class<C> clauseType) {
        if (rescorers == null) {
            return null;
        }
        return rescorers.stream().filter(clauseType::isInstance).map(clauseType::cast).findFirst().orElse(null);
    }

    /** The user's first hit. */
    public int from() {
        return Math.max(0, requestedFrom);
    }

    /** The user's page size. */
    public int size() {
        return requestedSize < 0 ? DEFAULT_SIZE : requestedSize;
    }

    /** Hits the first stage returns: the window and the user's page, none when the search asks for none (aggregations only). */
    public int firstStageSize(int window) {
        return size() == 0 ? 0 : Math.max(window, from() + size());
    }

    /**
     * Adds every reason the rerank cannot run on this search.
     *
     * @param noStoredFieldsReason why {@code stored_fields: _none_} keeps the model from its field on this engine
     */
    public void validate(String noStoredFieldsReason, ValidationErrors errors) {
        if (clauses > 1) {
            errors.add("rescore", "[rescore] only one [llm_rerank] rescorer is allowed per search, got " + clauses);
        } else if (clauseIsLast == false) {
            errors.add("rescore", "[rescore] [llm_rerank] must be the last rescorer: it reorders the merged hits after every shard-level rescorer");
        }
        if (scroll) {
            errors.add("scroll", "[scroll] cannot be combined with [llm_rerank]: the rerank needs the whole window at once");
        }
        if (sortedOtherThanScore) {
            errors.add("sort", "[sort] cannot be combined with [rescore]: only the default _score sort is allowed");
        }
        if (collapse) {
            errors.add("collapse", "[collapse] cannot be combined with [llm_rerank]");
        }
        if (noStoredFields) {
            errors.add("stored_fields", "[stored_fields] [_none_] cannot be combined with [llm_rerank]: " + noStoredFieldsReason);
        }
        long pageEnd = (long) from() + size();
        if (pageEnd > Integer.MAX_VALUE) {
            errors.add("size", "[size] [from] + [size] = " + pageEnd + " is past the largest result window [" + Integer.MAX_VALUE + "]");
        }
    }
}
