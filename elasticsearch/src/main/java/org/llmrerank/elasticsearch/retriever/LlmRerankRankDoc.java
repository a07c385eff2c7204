package org.llmrerank.elasticsearch.retriever;

import java.io.IOException;
import java.util.Objects;
import org.apache.lucene.search.Explanation;
import org.elasticsearch.common.io.stream.StreamInput;
import org.elasticsearch.common.io.stream.StreamOutput;
import org.elasticsearch.search.rank.RankDoc;
import org.elasticsearch.xcontent.XContentBuilder;

/**
 * A hit of the {@code llm_rerank} retriever's results when the search asks for {@code explain}: it carries what the
 * rerank made of the hit from the coordinating node to the shards, which explain the hit's score with it on top of the
 * inner retriever's explanation. Travels as a named writeable.
 */
public final class LlmRerankRankDoc extends RankDoc {

    public static final String NAME = "llm_rerank_rank_doc";

    private final String description;

    LlmRerankRankDoc(int doc, float score, int shardIndex, String description) {
        super(doc, score, shardIndex);
        this.description = Objects.requireNonNull(description);
    }

    public LlmRerankRankDoc(StreamInput in) throws IOException {
        super(in);
        this.description = in.readString();
    }

    @Override
    protected void doWriteTo(StreamOutput out) throws IOException {
        out.writeString(description);
    }

    @Override
    public String getWriteableName() {
        return NAME;
    }

    @Override
    public Explanation explain(Explanation[] sourceExplanations, String[] queryNames) {
        return Explanation.match(score, description, sourceExplanations);
    }

    @Override
    protected void doToXContent(XContentBuilder builder, Params params) throws IOException {
        builder.field("llm_rerank", description);
    }

    @Override
    protected boolean doEquals(RankDoc rd) {
        return description.equals(((LlmRerankRankDoc) rd).description);
    }

    @Override
    protected int doHashCode() {
        return description.hashCode();
    }
}
