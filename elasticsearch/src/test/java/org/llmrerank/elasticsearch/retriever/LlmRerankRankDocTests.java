package org.llmrerank.elasticsearch.retriever;

import java.io.IOException;
import java.util.List;
import org.apache.lucene.search.Explanation;
import org.elasticsearch.common.io.stream.BytesStreamOutput;
import org.elasticsearch.common.io.stream.NamedWriteableAwareStreamInput;
import org.elasticsearch.common.io.stream.NamedWriteableRegistry;
import org.elasticsearch.common.io.stream.StreamInput;
import org.elasticsearch.search.rank.RankDoc;
import org.elasticsearch.test.ESTestCase;

public class LlmRerankRankDocTests extends ESTestCase {

    public void testTravelsAsANamedWriteableAndExplainsOnTopOfTheSources() throws IOException {
        LlmRerankRankDoc doc = new LlmRerankRankDoc(7, 3.5f, 1, "llm_rerank: model [m] score [3.5]");
        doc.rank = 2;
        NamedWriteableRegistry registry = new NamedWriteableRegistry(
            List.of(new NamedWriteableRegistry.Entry(RankDoc.class, LlmRerankRankDoc.NAME, LlmRerankRankDoc::new)));
        RankDoc read;
        try (BytesStreamOutput out = new BytesStreamOutput()) {
            out.writeNamedWriteable(doc);
            try (StreamInput in = new NamedWriteableAwareStreamInput(out.bytes().streamInput(), registry)) {
                read = in.readNamedWriteable(RankDoc.class);
            }
        }
        assertEquals(doc, read);
        assertEquals(2, read.rank);

        Explanation bm25 = Explanation.match(1.2f, "weight(text:flea)");
        Explanation e = read.explain(new Explanation[] {bm25}, new String[] {null});
        assertEquals(3.5f, e.getValue().floatValue(), 0f);
        assertEquals("llm_rerank: model [m] score [3.5]", e.getDescription());
        assertArrayEquals(new Explanation[] {bm25}, e.getDetails());
    }
}
