package org.llmrerank.elasticsearch.rescore;

import java.io.IOException;
import java.util.List;
import org.elasticsearch.common.io.stream.NamedWriteableRegistry;
import org.elasticsearch.common.xcontent.XContentHelper;
import org.elasticsearch.test.ESTestCase;
import org.elasticsearch.xcontent.ToXContent;
import org.elasticsearch.xcontent.XContentParser;
import org.elasticsearch.xcontent.XContentType;
import org.elasticsearch.xcontent.json.JsonXContent;

public class LlmRerankRescorerBuilderTests extends ESTestCase {

    public void testParsesRendersAndTravelsUnchanged() throws IOException {
        String json = """
            {"model":"bge-small","field":"text","strategy":"auto","flops_budget":"5tf","top_k":3,"timeout":"2s","query_text":"q"}""";
        LlmRerankRescorerBuilder b = parse(json);
        assertEquals("5tf", b.clause().flopsBudget());
        assertEquals(Integer.valueOf(3), b.clause().topK());
        b.windowSize(50);
        String rendered = XContentHelper.toXContent(b, XContentType.JSON, ToXContent.EMPTY_PARAMS, false).utf8ToString();
        assertTrue(rendered, rendered.contains("\"llm_rerank\":" + json));
        LlmRerankRescorerBuilder copy = copyWriteable(b, new NamedWriteableRegistry(List.of()), LlmRerankRescorerBuilder::new);
        assertEquals(b, copy);
        assertEquals(Integer.valueOf(50), copy.windowSize());
    }

    public void testNumericBudgetKeepsItsValue() throws IOException {
        assertEquals("2.0E12", parse("{\"flops_budget\": 2e12}").clause().flopsBudget());
    }

    public void testEverySyntaxErrorIsReportedAtOnce() {
        IllegalArgumentException e = expectThrows(IllegalArgumentException.class,
            () -> parse("{\"model\": \" \", \"strategy\": \"sideways\", \"top_k\": 0, \"timeout\": \"-1s\", \"flops_budget\": \"many\"}"));
        for (String field : List.of("[model]", "[strategy]", "[top_k]", "[timeout]", "[flops_budget]")) {
            assertTrue(e.getMessage(), e.getMessage().contains(field));
        }
    }

    public void testTopKMustBeAWholeNumber() {
        Exception e = expectThrows(Exception.class, () -> parse("{\"top_k\": 3.7}"));
        assertTrue(e.toString(), org.elasticsearch.ExceptionsHelper.stackTrace(e).contains("[top_k] must be an integer, got [3.7]"));
    }

    public void testTopKMayBeAStringHoldingAnInteger() throws IOException {
        assertEquals(Integer.valueOf(4), parse("{\"top_k\": \"4\"}").clause().topK());
    }

    public void testAShardRefusesTheClause() {
        IllegalArgumentException e = expectThrows(IllegalArgumentException.class, () -> new LlmRerankRescorerBuilder().buildContext(null));
        assertTrue(e.getMessage(), e.getMessage().contains("coordinating node"));
    }

    private LlmRerankRescorerBuilder parse(String json) throws IOException {
        try (XContentParser p = createParser(JsonXContent.jsonXContent, json)) {
            return LlmRerankRescorerBuilder.fromXContent(p);
        }
    }
}
