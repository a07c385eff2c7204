package org.llmrerank.rest.clause;

import java.util.List;

/**
 * Which queries give the text to rerank for when the clause has no {@code query_text}: a single text query, possibly the
 * only scoring clause (must or should) of a bool. The rule is written once here over a small view that each engine gives
 * of its own query classes.
 */
public final class QueryText {

    /** The query types whose text is taken, as the error for a query without one names them. */
    public static final String TEXT_QUERIES = "match, match_phrase, multi_match, query_string or simple_query_string";

    /**
     * How an engine's query looks to the rule.
     *
     * @param <Q> the engine's query class
     */
    public interface View<Q> {

        /** The text the query searches for when it is one of {@link #TEXT_QUERIES}, else null. */
        String text(Q query);

        /** The scoring clauses (must, then should) when the query is a bool, else null. */
        List<Q> scoringClauses(Q query);
    }

    private QueryText() {}

    /** The text {@code query} searches for, or null when it is not a single text query. */
    public static <Q> String of(Q query, View<Q> view) {
        if (query == null) {
            return null;
        }
        String text = view.text(query);
        if (text != null) {
            return text;
        }
        List<Q> scoring = view.scoringClauses(query);
        return scoring != null && scoring.size() == 1 ? of(scoring.get(0), view) : null;
    }
}
