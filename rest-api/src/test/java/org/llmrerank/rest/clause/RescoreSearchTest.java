package org.llmrerank.rest.clause;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.llmrerank.rest.ValidationErrors;

class RescoreSearchTest {

    private static RescoreSearch plain(int from, int size) {
        return new RescoreSearch(1, true, false, false, false, false, from, size);
    }

    @Test
    void thePageDefaultsAndTheFirstStageCoversWindowAndPage() {
        RescoreSearch unset = plain(-1, -1);
        assertEquals(0, unset.from());
        assertEquals(RescoreSearch.DEFAULT_SIZE, unset.size());
        assertEquals(100, unset.firstStageSize(100));
        assertEquals(130, plain(120, 10).firstStageSize(100));
        assertEquals(0, plain(0, 0).firstStageSize(100), "aggregations only: nothing to rerank");
    }

    @Test
    void aPlainSearchPasses() {
        ValidationErrors errors = new ValidationErrors();
        plain(0, 10).validate("why", errors);
        assertEquals(List.of(), errors.messages());
    }

    @Test
    void everyReasonTheRerankCannotRunIsReportedAtOnce() {
        ValidationErrors errors = new ValidationErrors();
        new RescoreSearch(2, true, true, true, true, true, Integer.MAX_VALUE, 10).validate("the model cannot read its field", errors);
        assertEquals(List.of(
            "[rescore] only one [llm_rerank] rescorer is allowed per search, got 2",
            "[scroll] cannot be combined with [llm_rerank]: the rerank needs the whole window at once",
            "[sort] cannot be combined with [rescore]: only the default _score sort is allowed",
            "[collapse] cannot be combined with [llm_rerank]",
            "[stored_fields] [_none_] cannot be combined with [llm_rerank]: the model cannot read its field",
            "[size] [from] + [size] = 2147483657 is past the largest result window [2147483647]"), errors.messages());
        errors = new ValidationErrors();
        new RescoreSearch(1, false, false, false, false, false, 0, 10).validate("why", errors);
        assertEquals(List.of("[rescore] [llm_rerank] must be the last rescorer: it reorders the merged hits after every shard-level rescorer"),
            errors.messages());
    }

    @Test
    void theClauseIsFoundAndCountedAmongTheRescorers() {
        record Clause(int n) {}
        Clause first = new Clause(1);
        List<Object> rescorers = List.of("query rescorer", first, new Clause(2));
        assertEquals(first, RescoreSearch.clauseOf(rescorers, Clause.class));
        assertEquals(null, RescoreSearch.clauseOf(List.of("query rescorer"), Clause.class));
        assertEquals(null, RescoreSearch.clauseOf(null, Clause.class));
        RescoreSearch search = RescoreSearch.of(rescorers, first, false, false, false, false, -1, -1);
        assertEquals(2, search.clauses());
        assertEquals(false, search.clauseIsLast());
        assertEquals(true, RescoreSearch.of(List.of("query rescorer", first), first, false, false, false, false, -1, -1).clauseIsLast());
    }
}
