package org.llmrerank.rest.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class SearchBodyParserTest {

    @Test
    void theBaselineKeepsEveryOtherRescorerInOrder() {
        assertEquals(Optional.of(List.of("query", "ltr")),
            SearchBodyParser.baselineRescorers(List.of("query", "llm_rerank", "ltr"), "llm_rerank"::equals));
        assertEquals(Optional.of(List.of()), SearchBodyParser.baselineRescorers(List.of("llm_rerank"), "llm_rerank"::equals));
    }

    @Test
    void aSearchWithoutTheRerankHasNothingToEvaluate() {
        assertEquals(Optional.empty(), SearchBodyParser.baselineRescorers(List.of("query"), "llm_rerank"::equals));
        assertEquals(Optional.empty(), SearchBodyParser.baselineRescorers(null, "llm_rerank"::equals));
    }
}
