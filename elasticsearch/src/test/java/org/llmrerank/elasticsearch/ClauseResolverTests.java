package org.llmrerank.elasticsearch;

import java.util.List;
import java.util.Set;
import org.elasticsearch.action.ActionRequestValidationException;
import org.elasticsearch.cluster.metadata.IndexMetadata;
import org.elasticsearch.common.settings.Settings;
import org.elasticsearch.core.TimeValue;
import org.elasticsearch.index.IndexVersion;
import org.elasticsearch.test.ESTestCase;
import org.llmrerank.rescorer.Strategy;
import org.llmrerank.rescorer.pipeline.RerankOptions;
import org.llmrerank.rest.clause.RerankClause;
import org.llmrerank.rest.clause.SearchLimits;

public class ClauseResolverTests extends ESTestCase {

    private static final SearchLimits LIMITS = new SearchLimits(100, TimeValue.timeValueSeconds(30).nanos(), 20, 50);

    private final ClauseResolver resolver = new ClauseResolver(new WindowReranker() {
        @Override
        public org.llmrerank.rescorer.pipeline.RerankPlan plan(String queryText, List<Hit> hits, RerankOptions options,
                                                              boolean pageTouchesWindow) {
            throw new UnsupportedOperationException();
        }

        @Override
        public void run(org.llmrerank.rescorer.pipeline.RerankPlan plan,
                        java.util.function.Consumer<org.llmrerank.rescorer.pipeline.RerankResult> done) {
            throw new UnsupportedOperationException();
        }

        @Override
        public Set<String> models() {
            return Set.of("bge-small");
        }

        @Override
        public Set<Strategy> strategiesOf(String model) {
            return model.equals("bge-small") ? Set.of(Strategy.POINTWISE, Strategy.POINTWISE_EMBEDDING) : Set.of();
        }
    });

    public void testClauseValuesWinOverIndexDefaults() {
        IndexMetadata docs = index("docs", Settings.builder().put("index.llm_rerank.model", "other").put("index.llm_rerank.field", "title"));
        ResolvedClause r = resolver.resolve(new RerankClause().model("bge-small").field("text").topK(3).timeout("2s").flopsBudget("5tf"),
            List.of(docs), 40, "rank_window_size", "fleas", LIMITS, "llm_rerank");
        assertEquals("fleas", r.queryText());
        assertEquals(50, r.maxPassageChars());
        assertEquals(new RerankOptions(List.of("docs"), "bge-small", "text", Strategy.AUTO, Strategy.AUTO, 40, 3, 5e12, 2_000_000_000L),
            r.options());
    }

    public void testIndexDefaultsFillTheClause() {
        IndexMetadata docs = index("docs", Settings.builder().put("index.llm_rerank.model", "bge-small").put("index.llm_rerank.field", "text")
            .put("index.llm_rerank.strategy", "pointwise"));
        ResolvedClause r = resolver.resolve(new RerankClause().queryText("q"), List.of(docs), 10, "rank_window_size", null, LIMITS, "llm_rerank");
        // pointwise is the model's own pointwise method
        assertEquals(new RerankOptions(List.of("docs"), "bge-small", "text", Strategy.POINTWISE, Strategy.POINTWISE_EMBEDDING, 10, 10,
            Double.POSITIVE_INFINITY, 30_000_000_000L), r.options());
    }

    public void testEveryProblemIsReportedAtOnceNamingItsField() {
        IndexMetadata a = index("a", Settings.builder().put("index.llm_rerank.field", "text"));
        IndexMetadata b = index("b", Settings.builder().put("index.llm_rerank.field", "body"));
        ActionRequestValidationException e = expectThrows(ActionRequestValidationException.class, () -> resolver.resolve(
            new RerankClause().model("nope").strategy("setwise.heapsort").topK(0), List.of(a, b), 500, "rank_window_size",
            "a query text longer than twenty characters", LIMITS, "llm_rerank"));
        String m = e.getMessage();
        assertTrue(m, m.contains("[llm_rerank][top_k] must be at least 1"));
        assertTrue(m, m.contains("[rank_window_size] [500] is above the cluster limit [plugins.llm_rerank.max_window_size=100]"));
        assertTrue(m, m.contains("[llm_rerank.field] is not in the clause and the searched indices disagree on [index.llm_rerank.field]"));
        assertTrue(m, m.contains("[llm_rerank.model] unknown model [nope]; available: [bge-small]"));
        assertTrue(m, m.contains("[llm_rerank.query_text] the text to rerank for has 42 characters; at most [plugins.llm_rerank.max_query_chars=20]"));
    }

    public void testFieldMustBeATextFieldOfEveryIndex() {
        ActionRequestValidationException e = expectThrows(ActionRequestValidationException.class, () -> resolver.resolve(
            new RerankClause().model("bge-small").field("price").strategy("setwise.heapsort"), List.of(index("docs", Settings.builder())),
            10, "rescore.window_size", "q", LIMITS, "llm_rerank"));
        assertTrue(e.getMessage(), e.getMessage().contains("[llm_rerank.field] [price] in index [docs] is of type [float]"));
        assertTrue(e.getMessage(), e.getMessage().contains("[llm_rerank.strategy] [setwise.heapsort] is not supported by model [bge-small]"));
        ResolvedClause multiField = resolver.resolve(new RerankClause().model("bge-small").field("title.raw"),
            List.of(index("docs", Settings.builder())), 10, "rescore.window_size", "q", LIMITS, "llm_rerank");
        assertEquals("title.raw", multiField.field());
    }

    public void testPassageIsJoinedAndCut() {
        ResolvedClause r = new ResolvedClause("q", 8, new RerankOptions(List.of(), "m", "text", Strategy.AUTO, Strategy.AUTO, 10, 1, 1, 1));
        assertEquals("ab cd ef", r.passage(List.of("ab", "cd", "ef", "gh")));
        assertNull(r.passage(List.of()));
    }

    private static IndexMetadata index(String name, Settings.Builder settings) {
        return IndexMetadata.builder(name).settings(settings.put(IndexMetadata.SETTING_VERSION_CREATED, IndexVersion.current())
            .put(IndexMetadata.SETTING_NUMBER_OF_SHARDS, 1).put(IndexMetadata.SETTING_NUMBER_OF_REPLICAS, 0))
            .putMapping("""
                {"_doc": {"properties": {"text": {"type": "text"}, "body": {"type": "text"}, "price": {"type": "float"},
                  "title": {"type": "text", "fields": {"raw": {"type": "keyword"}}}}}}""").build();
    }
}
