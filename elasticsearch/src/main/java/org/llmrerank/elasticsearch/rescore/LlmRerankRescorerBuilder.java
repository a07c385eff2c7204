package org.llmrerank.elasticsearch.rescore;

import java.io.IOException;
import java.util.Objects;
import org.elasticsearch.TransportVersion;
import org.elasticsearch.common.io.stream.StreamInput;
import org.elasticsearch.common.io.stream.StreamOutput;
import org.elasticsearch.index.query.QueryRewriteContext;
import org.elasticsearch.index.query.SearchExecutionContext;
import org.elasticsearch.search.rescore.RescoreContext;
import org.elasticsearch.search.rescore.RescorerBuilder;
import org.elasticsearch.xcontent.ObjectParser;
import org.elasticsearch.xcontent.XContentBuilder;
import org.elasticsearch.xcontent.XContentParser;
import org.llmrerank.elasticsearch.ClauseXContent;
import org.llmrerank.rest.clause.RerankClause;

/**
 * The {@code llm_rerank} rescore clause, as on OpenSearch.
 *
 * <pre>
 * "rescore": { "window_size": 100,
 *   "llm_rerank": { "model": "bge-small", "field": "text", "strategy": "auto",
 *                   "flops_budget": "5tf", "top_k": 10, "timeout": "2s", "query_text": "..." } }
 * </pre>
 *
 * The clause never reaches a shard: {@link RescoreActionFilter} takes it out of the search on the coordinating node and
 * reranks the merged global top {@code window_size}. A shard that receives it anyway (cross-cluster search without
 * {@code ccs_minimize_roundtrips}) refuses it rather than reranking a partial window.
 */
public final class LlmRerankRescorerBuilder extends RescorerBuilder<LlmRerankRescorerBuilder> {

    public static final String NAME = "llm_rerank";

    private static final ObjectParser<LlmRerankRescorerBuilder, Void> PARSER = new ObjectParser<>(NAME, LlmRerankRescorerBuilder::new);

    static {
        ClauseXContent.declareFields(PARSER, b -> b.clause, (b, c) -> b.clause = c);
    }

    private RerankClause clause;

    public LlmRerankRescorerBuilder() {
        this.clause = new RerankClause();
    }

    public LlmRerankRescorerBuilder(StreamInput in) throws IOException {
        super(in);
        this.clause = ClauseXContent.readFrom(in);
    }

    /** Parses the clause and checks its syntax: every error at once, a 400 naming each field. */
    public static LlmRerankRescorerBuilder fromXContent(XContentParser parser) {
        LlmRerankRescorerBuilder b = PARSER.apply(parser, null);
        b.clause.requireWellFormed(NAME);
        return b;
    }

    public RerankClause clause() {
        return clause;
    }

    @Override
    protected void doWriteTo(StreamOutput out) throws IOException {
        ClauseXContent.writeTo(clause, out);
    }

    @Override
    public String getWriteableName() {
        return NAME;
    }

    @Override
    public TransportVersion getMinimalSupportedVersion() {
        return TransportVersion.minimumCompatible();
    }

    @Override
    protected void doXContent(XContentBuilder builder, Params params) throws IOException {
        builder.startObject(NAME);
        ClauseXContent.toXContentFields(clause, builder);
        builder.endObject();
    }

    @Override
    public RescorerBuilder<LlmRerankRescorerBuilder> rewrite(QueryRewriteContext ctx) {
        return this;
    }

    @Override
    protected RescoreContext innerBuildContext(int windowSize, SearchExecutionContext context) {
        throw new IllegalArgumentException("[" + NAME + "] reranks the merged top hits on the coordinating node and cannot run on a "
            + "shard; for cross-cluster search set ccs_minimize_roundtrips=true");
    }

    @Override
    public boolean equals(Object o) {
        return super.equals(o) && clause.equals(((LlmRerankRescorerBuilder) o).clause);
    }

    @Override
    public int hashCode() {
        return Objects.hash(super.hashCode(), clause);
    }
}
