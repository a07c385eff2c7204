package org.llmrerank.rest.clause;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class SettingsCatalogueTest {

    @Test
    void theStrategyDefaultIsCheckedWhenWritten() {
        SettingsCatalogue.INDEX_STRATEGY.check().accept("auto");
        SettingsCatalogue.INDEX_STRATEGY.check().accept("setwise.heapsort");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> SettingsCatalogue.INDEX_STRATEGY.check().accept("quick"));
        assertTrue(e.getMessage().startsWith("unknown strategy [quick] for [index.llm_rerank.strategy]; expected one of ["), e.getMessage());
    }

    @Test
    void theBudgetDefaultIsCheckedWhenWrittenAndMayBeUnset() {
        SettingsCatalogue.INDEX_FLOPS_BUDGET.check().accept("");
        SettingsCatalogue.INDEX_FLOPS_BUDGET.check().accept("5tf");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> SettingsCatalogue.INDEX_FLOPS_BUDGET.check().accept("-1tf"));
        assertTrue(e.getMessage().startsWith("[index.llm_rerank.flops_budget] must not be negative"), e.getMessage());
    }

    @Test
    void defaultsAndBoundsAreTheDocumentedOnes() {
        assertEquals(new SettingsCatalogue.IntSetting("plugins.llm_rerank.max_window_size", 1000, 1, 100_000, SettingsCatalogue.Scope.NODE, true),
            SettingsCatalogue.MAX_WINDOW_SIZE);
        assertEquals(4096, SettingsCatalogue.MAX_QUERY_CHARS.defaultValue());
        assertEquals(8192, SettingsCatalogue.MAX_PASSAGE_CHARS.defaultValue());
        assertEquals(30, SettingsCatalogue.DEFAULT_TIMEOUT.defaultSeconds());
        assertEquals("auto", SettingsCatalogue.INDEX_STRATEGY.defaultValue());
        for (SettingsCatalogue.IntSetting s : List.of(SettingsCatalogue.MAX_WINDOW_SIZE, SettingsCatalogue.MAX_QUERY_CHARS,
            SettingsCatalogue.MAX_PASSAGE_CHARS, SettingsCatalogue.INFERENCE_THREADS, SettingsCatalogue.INFERENCE_CONCURRENCY,
            SettingsCatalogue.INFERENCE_QUEUE_SIZE)) {
            assertTrue(s.min() <= s.defaultValue() && s.defaultValue() <= s.max(), s.key());
        }
        for (SettingsCatalogue.TextSetting s : SettingsCatalogue.CLAUSE_DEFAULTS) {
            assertEquals(SettingsCatalogue.Scope.INDEX, s.scope(), s.key());
            assertTrue(s.key().startsWith("index.llm_rerank."), s.key());
        }
    }
}
