package org.llmrerank.rest.clause;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.llmrerank.rescorer.Strategy;
import org.llmrerank.rest.ApiException;
import org.llmrerank.rest.ValidationErrors;

class RerankClauseTest {

    @Test
    void everySyntaxErrorIsReportedAtOnceNamingItsField() {
        RerankClause clause = new RerankClause().model(" ").field("").strategy("quicksort").flopsBudget("-1tf").topK(0).timeout("soon")
            .queryText("  ");
        ValidationErrors errors = new ValidationErrors();
        clause.validate(errors);
        List<String> messages = errors.messages();
        assertEquals(7, messages.size(), messages.toString());
        assertEquals("[model] must not be empty", messages.get(0));
        assertEquals("[field] must not be empty", messages.get(1));
        assertEquals("[strategy] unknown value [quicksort]; expected one of [" + Strategy.allNames() + "]", messages.get(2));
        assertTrue(messages.get(3).startsWith("[flops_budget] must not be negative"), messages.get(3));
        assertEquals("[top_k] must be at least 1, got [0]", messages.get(4));
        assertEquals("[timeout] cannot parse [soon]: use a time unit, e.g. 2s or 500ms", messages.get(5));
        assertEquals("[query_text] must not be empty", messages.get(6));
        for (String field : List.of("model", "field", "strategy", "flops_budget", "top_k", "timeout", "query_text")) {
            assertTrue(errors.has(field), field);
        }
        ApiException e = assertThrows(ApiException.class, errors::throwIfAny);
        assertEquals(400, e.status());
        assertEquals(messages, clause.syntaxErrors());
        IllegalArgumentException parse = assertThrows(IllegalArgumentException.class, () -> clause.requireWellFormed("llm_rerank"));
        assertEquals("[llm_rerank] " + String.join("; ", messages), parse.getMessage());
        new RerankClause().model("m").requireWellFormed("llm_rerank");
    }

    @Test
    void aWellFormedOrEmptyClauseHasNoError() {
        assertEquals(List.of(), new RerankClause().syntaxErrors());
        assertEquals(List.of(), new RerankClause().model("bge-small").field("text").strategy("Setwise.HeapSort").flopsBudget("5tf")
            .topK(1).timeout("500ms").queryText("q").syntaxErrors());
    }

    @Test
    void aTimeoutMustBePositive() {
        assertEquals(List.of("[timeout] must be positive, got [0s]"), new RerankClause().timeout("0s").syntaxErrors());
        assertEquals(List.of("[timeout] must be positive, got [-1]"), new RerankClause().timeout("-1").syntaxErrors());
        assertNull(new RerankClause().timeout("0s").timeoutNanos());
        assertNull(new RerankClause().timeoutNanos());
        assertEquals(2_000_000_000L, new RerankClause().timeout("2s").timeoutNanos());
    }

    @Test
    void settingAnOptionKeepsTheOthers() {
        RerankClause clause = new RerankClause().model("m").topK(3);
        RerankClause withField = clause.field("text");
        assertEquals(new RerankClause("m", "text", null, null, 3, null, null), withField);
        assertNull(clause.field(), "a clause is a value: setting an option makes a copy");
    }

    @Test
    void rendersTheOptionsThatAreSetInClauseOrder() {
        RerankClause clause = new RerankClause().queryText("q").topK(3).model("m");
        assertEquals(List.of("model", "top_k", "query_text"), List.copyOf(clause.asWritten().keySet()));
        assertEquals(Map.of("model", "m", "top_k", 3, "query_text", "q"), clause.asWritten());
        assertEquals(Map.of(), new RerankClause().asWritten());
    }

    @Test
    void anIntegerOptionIsAWholeNumberAsWritten() {
        assertEquals(3, RerankClause.wholeNumber("top_k", "3"));
        assertEquals(4, RerankClause.wholeNumber("top_k", " 4 "));
        assertEquals(-2, RerankClause.wholeNumber("top_k", "-2"));
        for (String refused : List.of("3.7", "1.0E10", "12345678901", "ten", "")) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> RerankClause.wholeNumber("top_k", refused));
            assertEquals("[top_k] must be an integer, got [" + refused + "]", e.getMessage());
        }
    }
}
