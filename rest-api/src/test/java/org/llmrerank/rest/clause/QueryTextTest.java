package org.llmrerank.rest.clause;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class QueryTextTest {

    /** A query language with a text query, a bool and a query without text. */
    private sealed interface Q permits Match, Bool, MatchAll {}
    private record Match(String text) implements Q {}
    private record Bool(List<Q> must, List<Q> should, List<Q> filter) implements Q {}
    private record MatchAll() implements Q {}

    private static final QueryText.View<Q> VIEW = new QueryText.View<>() {
        @Override
        public String text(Q q) {
            return q instanceof Match m ? m.text() : null;
        }

        @Override
        public List<Q> scoringClauses(Q q) {
            if (q instanceof Bool b) {
                List<Q> scoring = new ArrayList<>(b.must());
                scoring.addAll(b.should());
                return scoring;
            }
            return null;
        }
    };

    @Test
    void aTextQueryGivesItsText() {
        assertEquals("fleas", QueryText.of(new Match("fleas"), VIEW));
    }

    @Test
    void theOnlyScoringClauseOfABoolGivesItsTextFiltersDoNotCount() {
        Q nested = new Bool(List.of(), List.of(new Bool(List.of(new Match("fleas")), List.of(), List.of())), List.of(new MatchAll()));
        assertEquals("fleas", QueryText.of(nested, VIEW));
    }

    @Test
    void noTextWithoutASingleTextQuery() {
        assertNull(QueryText.of(null, VIEW));
        assertNull(QueryText.of(new MatchAll(), VIEW));
        assertNull(QueryText.of(new Bool(List.of(new Match("a")), List.of(new Match("b")), List.of()), VIEW));
        assertNull(QueryText.of(new Bool(List.of(), List.of(), List.of(new Match("a"))), VIEW));
        assertNull(QueryText.of(new Bool(List.of(new MatchAll()), List.of(), List.of()), VIEW));
    }
}
