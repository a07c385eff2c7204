package org.llmrerank.plugin;

import java.io.IOException;
import java.util.Map;
import java.util.Objects;
import org.llmrerank.rest.clause.RerankClause;
import org.opensearch.core.ParseField;
import org.opensearch.core.common.io.stream.StreamInput;
import org.opensearch.core.common.io.stream.StreamOutput;
import org.opensearch.core.xcontent.ObjectParser;
import org.opensearch.core.xcontent.XContentBuilder;
import org.opensearch.core.xcontent.XContentParser;
import org.opensearch.index.query.QueryRewriteContext;
import org.opensearch.index.query.QueryShardContext;
import org.opensearch.search.rescore.RescoreContext;
import org.opensearch.search.rescore.RescorerBuilder;

/**
 * The {@code llm_rerank} rescore clause.
 *
 * <pre>
 * "rescore": { "window_size": 100,
 *   "llm_rerank": { "model": "bge-small", "field": "text", "strategy": "auto",
 *                   "flops_budget": "5tf", "top_k": 10, "timeout": "2s", "query_text": "..." } }
 * </pre>
 *
 * The options are an engine-neutral {@link RerankClause}: every one is optional here; missing ones come from the
 * index settings ({@code index.llm_rerank.*}) when the search is resolved. This class keeps only what is
 * OpenSearch's: the XContent parser and the wire format. The syntax is checked at parse time, every error at once.
 *
 * <p>Where it runs: the clause never reaches a shard. {@link RerankActionFilter} takes it out of the
 * search on the coordinating node and reranks the merged global top {@code window_size}, which is
 * the only way setwise/listwise orders (and any window semantics) are independent of the shard
 * count. A shard that receives the clause anyway (cross-cluster search without
 * ccs_minimize_roundtrips) refuses it with a clear message rather than reranking a partial window.
 */
public class LlmRerankRescorerBuilder extends RescorerBuilder<LlmRerankRescorerBuilder> {

    public static final String NAME = "llm_rerank";
    public static final int DEFAULT_TOP_K = RerankClause.DEFAULT_TOP_K;

    private RerankClause clause = new RerankClause();

    public LlmRerankRescorerBuilder() {}

    public LlmRerankRescorerBuilder(StreamInput in) throws IOException {
        super(in);
        clause = new RerankClause(in.readOptionalString(), in.readOptionalString(), in.readOptionalString(), in.readOptionalString(),
            in.readOptionalVInt(), in.readOptionalString(), in.readOptionalString());
    }

    @Override
    protected void doWriteTo(StreamOutput out) throws IOException {
        out.writeOptionalString(clause.model());
        out.writeOptionalString(clause.field());
        out.writeOptionalString(clause.strategy());
        out.writeOptionalString(clause.flopsBudget());
        out.writeOptionalVInt(clause.topK());
        out.writeOptionalString(clause.timeout());
        out.writeOptionalString(clause.queryText());
    }

    @Override
    public String getWriteableName() {
        return NAME;
    }

    private static final ObjectParser<LlmRerankRescorerBuilder, Void> PARSER = new ObjectParser<>(NAME, LlmRerankRescorerBuilder::new);

    static {
        PARSER.declareString(LlmRerankRescorerBuilder::model, new ParseField(RerankClause.MODEL));
        PARSER.declareString(LlmRerankRescorerBuilder::field, new ParseField(RerankClause.FIELD));
        PARSER.declareString(LlmRerankRescorerBuilder::strategy, new ParseField(RerankClause.STRATEGY));
        // "5tf" or a plain number of FLOPs
        PARSER.declareField(
            LlmRerankRescorerBuilder::flopsBudget,
            p -> p.currentToken() == XContentParser.Token.VALUE_NUMBER ? p.numberValue().toString() : p.text(),
            new ParseField(RerankClause.FLOPS_BUDGET),
            ObjectParser.ValueType.VALUE
        );
        PARSER.declareField(LlmRerankRescorerBuilder::topK, p -> RerankClause.wholeNumber(RerankClause.TOP_K, p.text()),
            new ParseField(RerankClause.TOP_K), ObjectParser.ValueType.INT);
        PARSER.declareString(LlmRerankRescorerBuilder::timeout, new ParseField(RerankClause.TIMEOUT));
        PARSER.declareString(LlmRerankRescorerBuilder::queryText, new ParseField(RerankClause.QUERY_TEXT));
    }

    public static LlmRerankRescorerBuilder fromXContent(XContentParser parser) {
        LlmRerankRescorerBuilder b = PARSER.apply(parser, null);
        ParsedClauses.noteParsed(b);
        b.clause.requireWellFormed(NAME);
        return b;
    }

    /** The clause's options as written. */
    public RerankClause clause() {
        return clause;
    }

    @Override
    protected void doXContent(XContentBuilder builder, Params params) throws IOException {
        builder.startObject(NAME);
        for (Map.Entry<String, Object> option : clause.asWritten().entrySet()) {
            builder.field(option.getKey(), option.getValue());
        }
        builder.endObject();
    }

    @Override
    public RescorerBuilder<LlmRerankRescorerBuilder> rewrite(QueryRewriteContext ctx) {
        return this;
    }

    @Override
    protected RescoreContext innerBuildContext(int windowSize, QueryShardContext context) {
        throw new IllegalArgumentException(
            "[" + NAME + "] reranks the merged top hits on the coordinating node and cannot run on a shard; "
                + "for cross-cluster search set ccs_minimize_roundtrips=true"
        );
    }

    public LlmRerankRescorerBuilder model(String v) { clause = clause.model(v); return this; }
    public LlmRerankRescorerBuilder field(String v) { clause = clause.field(v); return this; }
    public LlmRerankRescorerBuilder strategy(String v) { clause = clause.strategy(v); return this; }
    public LlmRerankRescorerBuilder flopsBudget(String v) { clause = clause.flopsBudget(v); return this; }
    public LlmRerankRescorerBuilder topK(Integer v) { clause = clause.topK(v); return this; }
    public LlmRerankRescorerBuilder timeout(String v) { clause = clause.timeout(v); return this; }
    public LlmRerankRescorerBuilder queryText(String v) { clause = clause.queryText(v); return this; }

    public String model() { return clause.model(); }
    public String field() { return clause.field(); }
    public String strategy() { return clause.strategy(); }
    public String flopsBudget() { return clause.flopsBudget(); }
    public Integer topK() { return clause.topK(); }
    public String timeout() { return clause.timeout(); }
    public String queryText() { return clause.queryText(); }

    @Override
    public boolean equals(Object o) {
        return super.equals(o) && clause.equals(((LlmRerankRescorerBuilder) o).clause);
    }

    @Override
    public int hashCode() {
        return Objects.hash(super.hashCode(), clause);
    }
}
