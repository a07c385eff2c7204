package org.llmrerank.rest.clause;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.llmrerank.rescorer.Strategy;
import org.llmrerank.rescorer.pipeline.RerankOptions;
import org.llmrerank.rest.ValidationErrors;

class RerankClauseResolverTest {

    private static final SearchLimits LIMITS = new SearchLimits(100, 30_000_000_000L, 20, 50);

    private static final KnownModels MODELS = new KnownModels() {
        @Override
        public Collection<String> names() {
            return List.of("listwise-only", "bge-small");
        }

        @Override
        public Set<Strategy> strategiesOf(String model) {
            return switch (model) {
                case "bge-small" -> Set.of(Strategy.POINTWISE, Strategy.POINTWISE_EMBEDDING);
                case "listwise-only" -> Set.of(Strategy.LISTWISE);
                default -> Set.of();
            };
        }
    };

    private static final Map<String, Object> MAPPING = Map.of("_doc", Map.of("properties", Map.of(
        "text", Map.of("type", "text"), "body", Map.of("type", "text"), "price", Map.of("type", "float"))));

    private final RerankClauseResolver resolver = new RerankClauseResolver(MODELS, false);

    private static SearchedIndex index(String name, Map<String, String> settings) {
        return new SearchedIndex(name, settings::get, MAPPING);
    }

    private RerankClauseResolver.Resolved resolve(RerankClause clause, List<SearchedIndex> indices, int window, String inferred,
                                                  ValidationErrors errors) {
        return resolver.resolve(clause, indices, window, "rank_window_size", inferred, LIMITS, "llm_rerank", errors);
    }

    @Test
    void theClauseWinsOverTheIndexDefaults() {
        ValidationErrors errors = new ValidationErrors();
        RerankClauseResolver.Resolved r = resolve(new RerankClause().model("bge-small").field("text").topK(3).timeout("2s").flopsBudget("5tf"),
            List.of(index("docs", Map.of("index.llm_rerank.model", "other", "index.llm_rerank.field", "body"))), 40, "fleas", errors);
        assertEquals(List.of(), errors.messages());
        assertEquals("fleas", r.queryText());
        assertEquals(new RerankOptions(List.of("docs"), "bge-small", "text", Strategy.AUTO, Strategy.AUTO, 40, 3, 5e12, 2_000_000_000L),
            r.options());
    }

    @Test
    void indexDefaultsFillTheClauseAndTheCeilingsTheRest() {
        ValidationErrors errors = new ValidationErrors();
        RerankClauseResolver.Resolved r = resolve(new RerankClause().queryText("q"), List.of(
            index("a", Map.of("index.llm_rerank.model", "bge-small", "index.llm_rerank.field", "text", "index.llm_rerank.strategy", "pointwise")),
            index("b", Map.of("index.llm_rerank.model", "bge-small", "index.llm_rerank.field", "text", "index.llm_rerank.strategy", "pointwise",
                "index.llm_rerank.flops_budget", ""))), 10, "ignored: the clause names its text", errors);
        assertEquals(List.of(), errors.messages());
        assertEquals("q", r.queryText());
        // pointwise is the model's own pointwise method; top_k and the timeout are the defaults
        assertEquals(new RerankOptions(List.of("a", "b"), "bge-small", "text", Strategy.POINTWISE, Strategy.POINTWISE_EMBEDDING, 10,
            RerankClause.DEFAULT_TOP_K, Double.POSITIVE_INFINITY, LIMITS.defaultTimeoutNanos()), r.options());
    }

    @Test
    void indicesMustAgreeOnADefaultTheClauseLeavesOut() {
        ValidationErrors errors = new ValidationErrors();
        // an index that sets nothing has the catalogue's default: auto for the strategy, so it disagrees with setwise
        assertNull(resolve(new RerankClause().model("bge-small").field("text"), List.of(
            index("b", Map.of("index.llm_rerank.strategy", "setwise.heapsort")), index("a", Map.of()), index("c", Map.of())), 10, "q", errors));
        assertEquals(List.of("[llm_rerank.strategy] is not in the clause and the searched indices disagree on [index.llm_rerank.strategy]: "
            + "{auto=[a, c], setwise.heapsort=[b]}; name it in the clause"), errors.messages());

        // "" sets nothing, so it never disagrees
        errors = new ValidationErrors();
        RerankClauseResolver.Resolved r = resolve(new RerankClause(), List.of(
            index("a", Map.of("index.llm_rerank.model", "bge-small", "index.llm_rerank.field", "text")),
            index("b", Map.of("index.llm_rerank.model", "", "index.llm_rerank.field", "text"))), 10, "q", errors);
        assertEquals(List.of(), errors.messages());
        assertEquals("bge-small", r.options().model());
    }

    @Test
    void everyProblemIsReportedAtOnceNamingItsField() {
        ValidationErrors errors = new ValidationErrors();
        assertNull(resolve(new RerankClause().model("nope").strategy("setwise.heapsort").topK(0), List.of(
            index("a", Map.of("index.llm_rerank.field", "text")), index("b", Map.of("index.llm_rerank.field", "body"))), 500,
            "a query text longer than twenty characters", errors));
        assertEquals(List.of(
            "[llm_rerank][top_k] must be at least 1, got [0]",
            "[rank_window_size] [500] is above the cluster limit [plugins.llm_rerank.max_window_size=100]",
            "[llm_rerank.field] is not in the clause and the searched indices disagree on [index.llm_rerank.field]: {body=[b], text=[a]}; "
                + "name it in the clause",
            "[llm_rerank.model] unknown model [nope]; available: [bge-small, listwise-only]",
            "[llm_rerank.field] is required: name it in the clause or set [index.llm_rerank.field]",
            "[llm_rerank.query_text] the text to rerank for has 42 characters; at most [plugins.llm_rerank.max_query_chars=20]"),
            errors.messages());
    }

    @Test
    void theWindowIsBetweenOneAndTheCeiling() {
        RerankClause clause = new RerankClause().model("bge-small").field("text");
        for (int ok : new int[] {1, LIMITS.maxWindow()}) {
            ValidationErrors errors = new ValidationErrors();
            assertNotNull(resolve(clause, List.of(), ok, "q", errors), errors.messages().toString());
        }
        ValidationErrors errors = new ValidationErrors();
        resolve(clause, List.of(), 0, "q", errors);
        assertEquals(List.of("[rank_window_size] must be at least 1, got [0]"), errors.messages());
        errors = new ValidationErrors();
        resolve(clause, List.of(), LIMITS.maxWindow() + 1, "q", errors);
        assertEquals(List.of("[rank_window_size] [101] is above the cluster limit [plugins.llm_rerank.max_window_size=100]"), errors.messages());
    }

    @Test
    void theQueryTextIsRequiredNotBlankAndWithinTheCeiling() {
        RerankClause clause = new RerankClause().model("bge-small").field("text");
        ValidationErrors errors = new ValidationErrors();
        resolve(clause, List.of(), 10, null, errors);
        assertEquals(List.of("[llm_rerank.query_text] is required when the query is not a single match, match_phrase, multi_match, "
            + "query_string or simple_query_string query"), errors.messages());
        errors = new ValidationErrors();
        resolve(clause, List.of(), 10, " ", errors);
        assertEquals(List.of("[llm_rerank.query_text] the text to rerank for is empty"), errors.messages());
        errors = new ValidationErrors();
        assertEquals("x".repeat(20), resolve(clause, List.of(), 10, "x".repeat(20), errors).queryText());
    }

    @Test
    void theModelMustRunTheStrategy() {
        ValidationErrors errors = new ValidationErrors();
        resolve(new RerankClause().model("listwise-only").field("text").strategy("pointwise"), List.of(), 10, "q", errors);
        assertEquals(List.of("[llm_rerank.strategy] [pointwise] is not supported by model [listwise-only], which supports [listwise]"),
            errors.messages());
        errors = new ValidationErrors();
        resolve(new RerankClause().field("text"), List.of(), 10, "q", errors);
        assertEquals(List.of("[llm_rerank.model] is required: name it in the clause or set [index.llm_rerank.model]"), errors.messages());
        assertEquals(Strategy.POINTWISE, RerankClauseResolver.concrete(Strategy.POINTWISE, Set.of(Strategy.POINTWISE)));
        assertEquals(Strategy.AUTO, RerankClauseResolver.concrete(Strategy.AUTO, Set.of(Strategy.LISTWISE)));
    }

    @Test
    void theFieldIsATextFieldOfEveryIndexAndItsSourceIsKeptWhereTheModelReadsIt() {
        ValidationErrors errors = new ValidationErrors();
        resolve(new RerankClause().model("bge-small").field("price"), List.of(index("docs", Map.of())), 10, "q", errors);
        assertEquals(List.of("[llm_rerank.field] [price] in index [docs] is of type [float]; the model reads [keyword, match_only_text, text]"),
            errors.messages());

        SearchedIndex noSource = new SearchedIndex("docs", k -> null, Map.of("_source", Map.of("enabled", false),
            "properties", Map.of("text", Map.of("type", "text"))));
        RerankClause clause = new RerankClause().model("bge-small").field("text");
        errors = new ValidationErrors();
        assertNotNull(resolve(clause, List.of(noSource), 10, "q", errors), "the fields API reads it without _source");
        errors = new ValidationErrors();
        new RerankClauseResolver(MODELS, true).resolve(clause, List.of(noSource), 10, "rescore.window_size", "q", LIMITS, "llm_rerank", errors);
        assertEquals(List.of("[llm_rerank.field] index [docs] does not keep _source, so the model cannot read [text]"), errors.messages());
    }

    @Test
    void aBadBudgetInAnIndexSettingNamesTheSettingUnlessTheClauseErredFirst() {
        ValidationErrors errors = new ValidationErrors();
        resolve(new RerankClause().model("bge-small").field("text"), List.of(index("docs", Map.of("index.llm_rerank.flops_budget", "lots"))),
            10, "q", errors);
        assertEquals(1, errors.messages().size(), errors.messages().toString());
        assertTrue(errors.messages().get(0).startsWith("[index.llm_rerank.flops_budget] "), errors.messages().get(0));
        errors = new ValidationErrors();
        resolve(new RerankClause().model("bge-small").field("text").flopsBudget("lots"), List.of(), 10, "q", errors);
        assertEquals(1, errors.messages().size(), errors.messages().toString());
        assertTrue(errors.messages().get(0).startsWith("[llm_rerank][flops_budget] "), errors.messages().get(0));
    }
}
