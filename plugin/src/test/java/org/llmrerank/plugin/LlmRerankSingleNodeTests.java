package org.llmrerank.plugin;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import org.opensearch.action.ActionRequestValidationException;
import org.opensearch.action.search.SearchResponse;
import org.opensearch.common.settings.Settings;
import org.opensearch.index.query.QueryBuilders;
import org.opensearch.plugins.Plugin;
import org.opensearch.search.SearchExtBuilder;
import org.opensearch.search.SearchHit;
import org.opensearch.search.builder.SearchSourceBuilder;
import org.opensearch.test.OpenSearchSingleNodeTestCase;
import org.llmrerank.rescorer.pipeline.FallbackCause;

/** The clause end to end on one in-JVM node, with stand-in models for the deterministic and failure paths. */
public class LlmRerankSingleNodeTests extends OpenSearchSingleNodeTestCase {

    private static final String[] TEXTS = {
        "fox",                                   // d0: BM25 likes short docs
        "the fox and the fox and the fox ran",   // d1: three foxes
        "a fox jumped over a lazy dog fox",      // d2: two foxes
        "fox fox fox fox in a long sentence about many other animals like cats dogs and birds", // d3: four
        "one fox among words words words words", // d4: one fox
        "no such animal here at all",            // d5: no match
    };

    @Override
    protected Collection<Class<? extends Plugin>> getPlugins() {
        return List.of(TestLlmRerankPlugin.class);
    }

    @Override
    protected Settings nodeSettings() {
        return Settings.builder().put(super.nodeSettings()).put(TestLlmRerankPlugin.farDefaultDeadline()).build();
    }

    @Override
    protected boolean resetNodeAfterTest() {
        return true;
    }

    private void index(String name, Settings extra) {
        createIndexWithSimpleMappings(name,
            Settings.builder().put("index.number_of_shards", 1).put("index.number_of_replicas", 0).put(extra).build(),
            "text", "type=text", "title", "type=keyword", "summary", "type=text", "price", "type=float");
        for (int i = 0; i < TEXTS.length; i++) {
            client().prepareIndex(name).setId("d" + i).setSource("text", TEXTS[i], "title", "t" + i, "price", i).get();
        }
        client().prepareIndex(name).setId("notext").setSource("title", "t-notext", "summary", "a fox summary only", "price", 9).get();
        client().admin().indices().prepareRefresh(name).get();
    }

    private SearchResponse search(String index, SearchSourceBuilder source) {
        return client().prepareSearch(index).setSource(source).get();
    }

    private static SearchSourceBuilder foxQuery() {
        return new SearchSourceBuilder().query(QueryBuilders.matchQuery("text", "fox")).size(10);
    }

    private static LlmRerankRescorerBuilder clause(String model) {
        return new LlmRerankRescorerBuilder().model(model).field("text");
    }

    private static List<String> ids(SearchResponse r) {
        return Arrays.stream(r.getHits().getHits()).map(SearchHit::getId).toList();
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> ext(SearchResponse r) {
        for (SearchExtBuilder b : r.getInternalResponse().getSearchExtBuilders()) {
            if (b instanceof RerankResponseExt e) {
                return e.details();
            }
        }
        throw new AssertionError("no llm_rerank ext in the response");
    }

    /** Expected order: fox count descending, ties in first-stage order (a stable sort). */
    private static List<String> byFoxCount(List<String> firstStageIds) {
        List<String> ids = new ArrayList<>(firstStageIds);
        ids.sort(Comparator.comparingInt((String id) -> -foxes(TEXTS[Integer.parseInt(id.substring(1))])));
        return ids;
    }

    private static int foxes(String text) {
        return (int) Arrays.stream(text.split("\\W+")).filter("fox"::equals).count();
    }

    public void testReranksTheWindowByModelScore() {
        index("docs", Settings.EMPTY);
        List<String> firstStage = ids(search("docs", foxQuery()));
        assertEquals(5, firstStage.size());
        SearchResponse r = search("docs", foxQuery().addRescorer(clause("stand-in-term-count").windowSize(10)));
        List<String> expected = byFoxCount(firstStage);
        assertNotEquals("the stand-in must change the order for this test to mean anything", firstStage, expected);
        assertEquals(expected, ids(r));
        assertEquals(4.0f, r.getHits().getAt(0).getScore(), 0f);
        assertEquals(4.0f, r.getHits().getMaxScore(), 0f);
        Map<String, Object> ext = ext(r);
        assertEquals("reranked", ext.get("status"));
        assertEquals("pointwise.embedding", ext.get("strategy"));
        assertEquals(5, ext.get("reranked_docs"));
    }

    public void testFromAndSizePageTheRerankedWindow() {
        index("docs", Settings.EMPTY);
        List<String> all = ids(search("docs", foxQuery().addRescorer(clause("stand-in-term-count").windowSize(10))));
        List<String> page = ids(search("docs", foxQuery().from(1).size(3).addRescorer(clause("stand-in-term-count").windowSize(10))));
        assertEquals(all.subList(1, 4), page);
    }

    public void testHitsOutsideTheWindowFollowInFirstStageOrder() {
        index("docs", Settings.EMPTY);
        List<String> firstStage = ids(search("docs", foxQuery()));
        List<String> r = ids(search("docs", foxQuery().addRescorer(clause("stand-in-term-count").windowSize(2))));
        List<String> expected = new ArrayList<>(byFoxCount(firstStage.subList(0, 2)));
        expected.addAll(firstStage.subList(2, firstStage.size()));
        assertEquals(expected, r);
    }

    public void testFlopsBudgetShortensTheWindowOrFallsBack() {
        index("docs", Settings.EMPTY);
        List<String> firstStage = ids(search("docs", foxQuery()));
        // the stand-in costs 1000 FLOPs per word: the first two first-stage hits fit a budget of their words
        int words = 0;
        for (String id : firstStage.subList(0, 2)) {
            words += TEXTS[Integer.parseInt(id.substring(1))].split("\\W+").length;
        }
        SearchResponse r = search("docs", foxQuery().addRescorer(clause("stand-in-term-count").flopsBudget(Integer.toString(words * 1000)).windowSize(10)));
        List<String> expected = new ArrayList<>(byFoxCount(firstStage.subList(0, 2)));
        expected.addAll(firstStage.subList(2, firstStage.size()));
        assertEquals(expected, ids(r));
        assertEquals(2, ext(r).get("budget_judged_docs"));
        assertTrue(((Number) ext(r).get("flops_estimated")).doubleValue() <= words * 1000);
        SearchResponse none = search("docs", foxQuery().addRescorer(clause("stand-in-term-count").flopsBudget("1").windowSize(10)));
        assertEquals(firstStage, ids(none));
        assertEquals("budget", ext(none).get("fallback_cause"));
    }

    public void testPagesTheRerankCannotChangeSpendNoModelCall() {
        index("docs", Settings.EMPTY);
        List<String> firstStage = ids(search("docs", foxQuery()));
        // window 2: positions 3.. are first-stage positions whatever the model says; the failing stand-in proves no call is made
        SearchResponse deep = search("docs", foxQuery().from(3).size(2).addRescorer(clause("stand-in-failing").windowSize(2)));
        assertEquals(firstStage.subList(3, 5), ids(deep));
        assertEquals("skipped", ext(deep).get("status"));
        SearchResponse none = search("docs", foxQuery().size(0).addRescorer(clause("stand-in-failing").windowSize(10)));
        assertEquals(0, none.getHits().getHits().length);
        assertEquals(5L, none.getHits().getTotalHits().value());
        assertEquals("skipped", ext(none).get("status"));
    }

    public void testExplainComesFromTheSameScores() {
        index("docs", Settings.EMPTY);
        SearchResponse r = search("docs", foxQuery().explain(true).addRescorer(clause("stand-in-term-count").windowSize(10)));
        for (SearchHit hit : r.getHits().getHits()) {
            assertNotNull(hit.getExplanation());
            assertEquals(hit.getScore(), hit.getExplanation().getValue().floatValue(), 0f);
            assertTrue(hit.getExplanation().getDescription(), hit.getExplanation().getDescription().startsWith("llm_rerank: model [stand-in-term-count]"));
            assertTrue(Arrays.stream(hit.getExplanation().getDetails()).anyMatch(d -> d.getDescription().startsWith("first-stage score")));
        }
    }

    public void testIndexSettingsSupplyDefaultsAndTheClauseOverrides() {
        index("defaults", Settings.builder().put("index.llm_rerank.model", "stand-in-term-count").put("index.llm_rerank.field", "text").build());
        List<String> firstStage = ids(search("defaults", foxQuery()));
        SearchResponse r = search("defaults", foxQuery().addRescorer(new LlmRerankRescorerBuilder().windowSize(10)));
        assertEquals(byFoxCount(firstStage), ids(r));
        // the clause's model wins over the index's: the failing stand-in falls back to first-stage order
        SearchResponse over = search("defaults", foxQuery().addRescorer(new LlmRerankRescorerBuilder().model("stand-in-failing").windowSize(10)));
        assertEquals(firstStage, ids(over));
        assertEquals("stand-in-failing", ext(over).get("model"));
    }

    public void testBadIndexSettingIsRefusedWhenWritten() {
        expectThrows(IllegalArgumentException.class,
            () -> createIndex("bad", Settings.builder().put("index.llm_rerank.strategy", "setwise.quicksort").build()));
        expectThrows(IllegalArgumentException.class,
            () -> createIndex("bad2", Settings.builder().put("index.llm_rerank.flops_budget", "-5tf").build()));
    }

    public void testSourceFilteringIsRestoredAfterTheModelReadTheField() {
        index("docs", Settings.EMPTY);
        SearchResponse noSource = search("docs", foxQuery().fetchSource(false).addRescorer(clause("stand-in-term-count").windowSize(10)));
        assertEquals(byFoxCount(ids(search("docs", foxQuery()))), ids(noSource));
        for (SearchHit h : noSource.getHits().getHits()) {
            assertNull("the user asked for no _source", h.getSourceRef());
        }
        SearchResponse titleOnly = search("docs", foxQuery().fetchSource(new String[] {"title"}, null)
            .addRescorer(clause("stand-in-term-count").windowSize(10)));
        assertEquals(ids(noSource), ids(titleOnly));
        for (SearchHit h : titleOnly.getHits().getHits()) {
            assertEquals(Map.of("title", "t" + h.getId().substring(1)), h.getSourceAsMap());
        }
    }

    public void testHitWithoutTextIsKeptAfterJudgedHits() {
        index("docs", Settings.EMPTY);
        SearchSourceBuilder q = new SearchSourceBuilder().query(QueryBuilders.multiMatchQuery("fox", "text", "summary")).size(10);
        List<String> firstStage = ids(search("docs", q));
        assertTrue(firstStage.contains("notext"));
        SearchResponse r = search("docs", q.addRescorer(clause("stand-in-term-count").windowSize(10)));
        assertEquals("notext", ids(r).get(ids(r).size() - 1));
        assertEquals(1, ext(r).get("docs_without_text"));
    }

    public void testModelErrorKeepsFirstStageOrderAndIsCounted() {
        index("docs", Settings.EMPTY);
        LlmRerankPlugin plugin = getInstanceFromNode(org.opensearch.plugins.PluginsService.class).filterPlugins(LlmRerankPlugin.class).get(0);
        long before = plugin.counters().fallbacks(FallbackCause.MODEL_ERROR);
        SearchResponse plain = search("docs", foxQuery());
        SearchResponse r = search("docs", foxQuery().addRescorer(clause("stand-in-failing").windowSize(10)));
        assertEquals(ids(plain), ids(r));
        for (int i = 0; i < plain.getHits().getHits().length; i++) {
            assertEquals(plain.getHits().getAt(i).getScore(), r.getHits().getAt(i).getScore(), 0f);
        }
        Map<String, Object> ext = ext(r);
        assertEquals("fallback", ext.get("status"));
        assertEquals("model_error", ext.get("fallback_cause"));
        assertEquals(before + 1, plugin.counters().fallbacks(FallbackCause.MODEL_ERROR));
    }

    public void testTimeoutKeepsFirstStageOrderAndIsCounted() {
        index("docs", Settings.EMPTY);
        LlmRerankPlugin plugin = getInstanceFromNode(org.opensearch.plugins.PluginsService.class).filterPlugins(LlmRerankPlugin.class).get(0);
        long before = plugin.counters().fallbacks(FallbackCause.TIMEOUT);
        try {
            SearchResponse plain = search("docs", foxQuery());
            SearchResponse r = search("docs", foxQuery().addRescorer(clause("stand-in-hanging").timeout("200ms").windowSize(10)));
            assertEquals(ids(plain), ids(r));
            assertEquals("timeout", ext(r).get("fallback_cause"));
            assertEquals(before + 1, plugin.counters().fallbacks(FallbackCause.TIMEOUT));
        } finally {
            TestLlmRerankPlugin.HANGING.release.countDown();
        }
    }

    private ActionRequestValidationException invalid(String index, SearchSourceBuilder source) {
        return expectThrows(ActionRequestValidationException.class, () -> search(index, source));
    }

    public void testEveryBadInputIsA400NamingTheField() {
        index("docs", Settings.EMPTY);
        assertMessage(invalid("docs", foxQuery().addRescorer(new LlmRerankRescorerBuilder().field("text"))), "[llm_rerank.model] is required");
        assertMessage(invalid("docs", foxQuery().addRescorer(clause("no-such-model"))), "[llm_rerank.model] unknown model [no-such-model]");
        assertMessage(invalid("docs", foxQuery().addRescorer(clause("stand-in-term-count").field("missing"))),
            "[llm_rerank.field] no field [missing]");
        assertMessage(invalid("docs", foxQuery().addRescorer(clause("stand-in-term-count").field("price"))),
            "[llm_rerank.field] [price] in index [docs] is of type [float]");
        assertMessage(invalid("docs", foxQuery().addRescorer(clause("stand-in-term-count").queryText("  "))), "[query_text] must not be empty");
        assertMessage(invalid("docs", new SearchSourceBuilder().query(QueryBuilders.matchAllQuery()).addRescorer(clause("stand-in-term-count"))),
            "[llm_rerank.query_text] is required");
        assertMessage(invalid("docs", foxQuery().addRescorer(clause("stand-in-term-count").windowSize(5000))),
            "[rescore.window_size] [5000] is above the cluster limit [plugins.llm_rerank.max_window_size=1000]");
        assertMessage(invalid("docs", foxQuery().addRescorer(clause("stand-in-term-count").strategy("quicksort"))), "[strategy] unknown value [quicksort]");
        assertMessage(invalid("docs", foxQuery().addRescorer(clause("stand-in-term-count").strategy("setwise.heapsort"))),
            "[llm_rerank.strategy] [setwise.heapsort] is not supported by model [stand-in-term-count]");
        assertMessage(invalid("docs", foxQuery().addRescorer(clause("stand-in-term-count").flopsBudget("-1tf"))), "[flops_budget] must not be negative");
        assertMessage(invalid("docs", foxQuery().addRescorer(clause("stand-in-term-count").timeout("soon"))), "[timeout] cannot parse [soon]");
        assertMessage(invalid("docs", foxQuery().sort("price").addRescorer(clause("stand-in-term-count"))), "[sort] cannot be combined");
        // several errors are reported together
        ActionRequestValidationException many = invalid("docs", foxQuery().addRescorer(
            new LlmRerankRescorerBuilder().model("nope").field("price").flopsBudget("-3").topK(0).windowSize(5000)));
        assertEquals(many.validationErrors().toString(), 5, many.validationErrors().size());
    }

    private static void assertMessage(ActionRequestValidationException e, String expected) {
        assertTrue("expected [" + expected + "] in " + e.validationErrors(), e.validationErrors().stream().anyMatch(m -> m.contains(expected)));
    }

    public void testRealBundledModelRanksTheAnsweringPassageFirst() {
        createIndexWithSimpleMappings("real", Settings.builder().put("index.number_of_shards", 1).build(), "text", "type=text");
        String[] passages = {
            "Flea market tips: fleas, fleas, fleas! How long do the live flea market stalls stay open? Fleas and more fleas for sale.",
            "The adult flea lives for two to three months, and the whole life cycle of a flea can last up to a year.",
            "Cats and dogs often get fleas in summer; a flea collar helps.",
        };
        for (int i = 0; i < passages.length; i++) {
            client().prepareIndex("real").setId("p" + i).setSource("text", passages[i]).get();
        }
        client().admin().indices().prepareRefresh("real").get();
        SearchSourceBuilder q = new SearchSourceBuilder().query(QueryBuilders.matchQuery("text", "how long does a flea live"));
        assertEquals("p0", ids(search("real", q)).get(0));
        SearchResponse r = search("real", q.addRescorer(clause("bge-small").windowSize(10)));
        assertEquals("reranked", ext(r).get("status"));
        assertEquals("p1", ids(r).get(0));
        assertTrue(((Number) ext(r).get("flops_estimated")).doubleValue() > 0);
        assertNull("ONNX Runtime cannot count FLOPs", ext(r).get("flops_counted"));
        assertEquals(Map.of("sequences", 4L, "executed", 48L, "skipped", 0L, "repeated", 0L), ext(r).get("layers"));

        // the same model on the routed runtime (DJL PyTorch, fp32, inside the node): same answer, FLOPs counted
        SearchResponse routed = search("real", new SearchSourceBuilder().query(QueryBuilders.matchQuery("text", "how long does a flea live"))
            .addRescorer(clause("bge-small-routed").windowSize(10)));
        assertEquals(ext(routed).toString(), "reranked", ext(routed).get("status"));
        assertEquals("p1", ids(routed).get(0));
        double estimated = ((Number) ext(routed).get("flops_estimated")).doubleValue();
        double counted = ((Number) ext(routed).get("flops_counted")).doubleValue();
        // counted includes padding inside the batch of 4 sequences; the estimate uses each text's own length
        assertTrue("counted " + counted + " vs estimated " + estimated, counted >= estimated && counted < estimated * 1.5);
        assertEquals(Map.of("sequences", 4L, "executed", 48L, "skipped", 0L, "repeated", 0L), ext(routed).get("layers"));
    }
}
