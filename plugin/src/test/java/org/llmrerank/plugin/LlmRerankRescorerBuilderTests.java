package org.llmrerank.plugin;

import java.io.IOException;
import java.util.List;
import org.opensearch.common.io.stream.BytesStreamOutput;
import org.opensearch.common.settings.Settings;
import org.opensearch.common.xcontent.json.JsonXContent;
import org.opensearch.core.common.io.stream.NamedWriteableAwareStreamInput;
import org.opensearch.core.common.io.stream.NamedWriteableRegistry;
import org.opensearch.core.common.io.stream.StreamInput;
import org.opensearch.core.xcontent.NamedXContentRegistry;
import org.opensearch.core.xcontent.ToXContent;
import org.opensearch.core.xcontent.XContentBuilder;
import org.opensearch.core.xcontent.XContentParser;
import org.opensearch.search.SearchModule;
import org.opensearch.search.builder.SearchSourceBuilder;
import org.opensearch.search.rescore.RescorerBuilder;
import org.opensearch.test.OpenSearchTestCase;

/** The clause parses, validates, renders back and crosses the wire unchanged. */
public class LlmRerankRescorerBuilderTests extends OpenSearchTestCase {

    private final SearchModule searchModule = new SearchModule(Settings.EMPTY, List.of(new LlmRerankPlugin(Settings.EMPTY)));
    private final NamedWriteableRegistry writeables = new NamedWriteableRegistry(searchModule.getNamedWriteables());
    private final NamedXContentRegistry xcontent = new NamedXContentRegistry(searchModule.getNamedXContents());

    private LlmRerankRescorerBuilder randomClause() {
        LlmRerankRescorerBuilder b = new LlmRerankRescorerBuilder();
        if (randomBoolean()) b.model(randomFrom("bge-small", "all-minilm-l6-v2"));
        if (randomBoolean()) b.field(randomAlphaOfLength(5));
        if (randomBoolean()) b.strategy(randomFrom("auto", "pointwise", "setwise.heapsort", "listwise"));
        if (randomBoolean()) b.flopsBudget(randomFrom("5tf", "1e12", "0.5pf"));
        if (randomBoolean()) b.topK(randomIntBetween(1, 50));
        if (randomBoolean()) b.timeout(randomFrom("2s", "500ms"));
        if (randomBoolean()) b.queryText(randomAlphaOfLengthBetween(1, 30));
        if (randomBoolean()) b.windowSize(randomIntBetween(1, 1000));
        return b;
    }

    private RescorerBuilder<?> parse(String json) throws IOException {
        try (XContentParser p = JsonXContent.jsonXContent.createParser(xcontent, null, json)) {
            p.nextToken();
            return RescorerBuilder.parseFromXContent(p);
        }
    }

    public void testXContentRoundTrip() throws IOException {
        for (int i = 0; i < 50; i++) {
            LlmRerankRescorerBuilder b = randomClause();
            XContentBuilder out = JsonXContent.contentBuilder();
            b.toXContent(out, ToXContent.EMPTY_PARAMS);
            assertEquals(b, parse(out.toString()));
        }
    }

    public void testWireRoundTrip() throws IOException {
        for (int i = 0; i < 50; i++) {
            LlmRerankRescorerBuilder b = randomClause();
            SearchSourceBuilder source = new SearchSourceBuilder().addRescorer(b);
            BytesStreamOutput out = new BytesStreamOutput();
            source.writeTo(out);
            StreamInput in = new NamedWriteableAwareStreamInput(out.bytes().streamInput(), writeables);
            SearchSourceBuilder read = new SearchSourceBuilder(in);
            assertEquals(b, read.rescores().get(0));
            assertNotSame(b, read.rescores().get(0));
        }
    }

    public void testParsesTheDocumentedClause() throws IOException {
        RescorerBuilder<?> r = parse("""
            {"window_size": 100, "llm_rerank": {"model": "bge-small", "field": "text", "strategy": "auto",
              "flops_budget": "5tf", "top_k": 10, "timeout": "2s"}}""");
        LlmRerankRescorerBuilder b = (LlmRerankRescorerBuilder) r;
        assertEquals(100, (int) b.windowSize());
        assertEquals("5tf", b.flopsBudget());
        assertEquals(10, (int) b.topK());
        // a numeric budget is accepted too
        assertEquals("2.0E12", ((LlmRerankRescorerBuilder) parse("{\"llm_rerank\": {\"flops_budget\": 2e12}}")).flopsBudget());
    }

    public void testUnknownFieldIsRejectedByName() {
        Exception e = expectThrows(Exception.class, () -> parse("{\"llm_rerank\": {\"modle\": \"bge-small\"}}"));
        assertTrue(e.getMessage(), e.getMessage().contains("modle"));
    }

    public void testAllSyntaxErrorsAreReportedTogether() {
        Exception e = expectThrows(Exception.class, () -> parse(
            "{\"llm_rerank\": {\"strategy\": \"quick\", \"flops_budget\": \"-1tf\", \"top_k\": 0, \"timeout\": \"soon\"}}"));
        String msg = e.getMessage() + (e.getCause() == null ? "" : e.getCause().getMessage());
        for (String field : List.of("[strategy]", "[flops_budget]", "[top_k]", "[timeout]")) {
            assertTrue(field + " missing from: " + msg, msg.contains(field));
        }
    }
}
