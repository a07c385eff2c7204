package org.llmrerank.elasticsearch.retriever;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import org.apache.lucene.search.ScoreDoc;
import org.elasticsearch.action.ResolvedIndices;
import org.elasticsearch.cluster.metadata.IndexMetadata;
import org.elasticsearch.index.query.QueryBuilder;
import org.elasticsearch.index.query.QueryRewriteContext;
import org.elasticsearch.search.builder.SearchSourceBuilder;
import org.elasticsearch.search.rank.RankBuilder;
import org.elasticsearch.search.rank.RankDoc;
import org.elasticsearch.search.retriever.CompoundRetrieverBuilder;
import org.elasticsearch.search.retriever.RetrieverBuilder;
import org.elasticsearch.search.retriever.RetrieverParserContext;
import org.elasticsearch.search.retriever.StandardRetrieverBuilder;
import org.elasticsearch.xcontent.ConstructingObjectParser;
import org.elasticsearch.xcontent.ParseField;
import org.elasticsearch.xcontent.XContentBuilder;
import org.elasticsearch.xcontent.XContentParser;
import org.llmrerank.elasticsearch.QueryTexts;
import org.llmrerank.elasticsearch.ClauseXContent;
import org.llmrerank.rest.ValidationErrors;
import org.llmrerank.rest.clause.RerankClause;
import org.llmrerank.elasticsearch.RerankNode;
import org.llmrerank.elasticsearch.ResolvedClause;

import static org.elasticsearch.xcontent.ConstructingObjectParser.constructorArg;
import static org.elasticsearch.xcontent.ConstructingObjectParser.optionalConstructorArg;

/**
 * The {@code llm_rerank} retriever: reranks the global top {@code rank_window_size} hits of its inner retriever with a
 * language model, on the coordinating node.
 *
 * <pre>
 * "retriever": { "llm_rerank": {
 *   "retriever": { "standard": { "query": { "match": { "text": "..." } } } },
 *   "field": "text", "model": "bge-small", "strategy": "auto", "flops_budget": "5tf",
 *   "rank_window_size": 100, "top_k": 10, "timeout": "2s", "query_text": "..." } }
 * </pre>
 *
 * Elasticsearch runs the inner retriever as its own search; this builder puts an {@link LlmRerankRankBuilder} on it,
 * whose rank-feature phase hands the merged window, with each hit's text, to the reranker. Options missing from the
 * clause come from the searched indices' {@code index.llm_rerank.*} settings, resolved (and checked, every problem in
 * one 400) in the first rewrite on the coordinating node, where the indices are known.
 */
public final class LlmRerankRetrieverBuilder extends CompoundRetrieverBuilder<LlmRerankRetrieverBuilder> {

    public static final String NAME = "llm_rerank";
    static final ParseField RETRIEVER_FIELD = new ParseField("retriever");
    static final int DEFAULT_RANK_WINDOW_SIZE = RankBuilder.DEFAULT_RANK_WINDOW_SIZE;

    private static final ConstructingObjectParser<LlmRerankRetrieverBuilder, RetrieverParserContext> PARSER = new ConstructingObjectParser<>(
        NAME, false, args -> new LlmRerankRetrieverBuilder((RetrieverBuilder) args[0],
            args[1] == null ? DEFAULT_RANK_WINDOW_SIZE : (Integer) args[1], new RerankClause()));

    static {
        PARSER.declareNamedObject(constructorArg(), (p, c, n) -> {
            RetrieverBuilder inner = p.namedObject(RetrieverBuilder.class, n, c);
            c.trackRetrieverUsage(inner);
            return inner;
        }, RETRIEVER_FIELD);
        PARSER.declareInt(optionalConstructorArg(), RANK_WINDOW_SIZE_FIELD);
        ClauseXContent.declareFields(PARSER, b -> b.clause, (b, c) -> b.clause = c);
        RetrieverBuilder.declareBaseParserFields(PARSER);
    }

    /** Parses the retriever and checks the clause's syntax (every error at once, a 400 naming each field). */
    public static LlmRerankRetrieverBuilder fromXContent(XContentParser parser, RetrieverParserContext context, RerankNode.Ref node)
        throws IOException {
        LlmRerankRetrieverBuilder b = PARSER.apply(parser, context);
        ValidationErrors errors = new ValidationErrors();
        b.clause.validate(errors);
        if (b.rankWindowSize < 1) {
            errors.add(RANK_WINDOW_SIZE_FIELD.getPreferredName(), "[rank_window_size] must be at least 1, got [" + b.rankWindowSize + "]");
        }
        if (errors.isEmpty() == false) {
            throw new IllegalArgumentException("[" + NAME + "] " + String.join("; ", errors.messages()));
        }
        b.node = node;
        return b;
    }

    /** Filled field by field while the retriever is parsed, fixed after. */
    private RerankClause clause;
    private RerankNode.Ref node;
    /** Null until the first rewrite on the coordinating node resolved the clause against the searched indices. */
    private final ResolvedClause resolved;

    LlmRerankRetrieverBuilder(RetrieverBuilder inner, int rankWindowSize, RerankClause clause) {
        super(new ArrayList<>(List.of(RetrieverSource.from(inner))), rankWindowSize);
        this.clause = clause;
        this.resolved = null;
    }

    private LlmRerankRetrieverBuilder(List<RetrieverSource> inner, int rankWindowSize, RerankClause clause, ResolvedClause resolved,
                                      RerankNode.Ref node, Float minScore, String retrieverName, List<QueryBuilder> preFilters) {
        super(inner, rankWindowSize);
        if (inner.size() != 1) {
            throw new IllegalArgumentException("[" + NAME + "] takes exactly one inner retriever, got " + inner.size());
        }
        this.clause = clause;
        this.resolved = resolved;
        this.node = node;
        this.minScore = minScore;
        this.retrieverName = retrieverName;
        this.preFilterQueryBuilders = preFilters;
    }

    @Override
    protected LlmRerankRetrieverBuilder clone(List<RetrieverSource> newChildRetrievers, List<QueryBuilder> newPreFilterQueryBuilders) {
        return new LlmRerankRetrieverBuilder(newChildRetrievers, rankWindowSize, clause, resolved, node, minScore, retrieverName,
            newPreFilterQueryBuilders);
    }

    @Override
    protected RetrieverBuilder doRewrite(QueryRewriteContext ctx) {
        if (resolved != null) {
            return this;
        }
        ResolvedIndices indices = ctx.getResolvedIndices();
        Collection<IndexMetadata> metas = indices == null ? List.of() : indices.getConcreteLocalIndicesMetadata().values();
        RetrieverBuilder inner = innerRetrievers.get(0).retriever();
        String inferred = inner instanceof StandardRetrieverBuilder s ? QueryTexts.of(s.topDocsQuery()) : null;
        ResolvedClause r = node.get().resolve(clause, metas, rankWindowSize, RANK_WINDOW_SIZE_FIELD.getPreferredName(), inferred, NAME);
        return new LlmRerankRetrieverBuilder(innerRetrievers, rankWindowSize, clause, r, node, minScore, retrieverName,
            preFilterQueryBuilders);
    }

    @Override
    protected SearchSourceBuilder finalizeSourceBuilder(SearchSourceBuilder sourceBuilder) {
        if (resolved == null) {
            throw new IllegalStateException("[" + NAME + "] the clause must be resolved before its inner search is built");
        }
        return sourceBuilder.rankBuilder(new LlmRerankRankBuilder(rankWindowSize, resolved, node));
    }

    /**
     * The inner search's hits come back in reranked order, with the scores the rerank gave them. With {@code explain}
     * each carries what the rerank made of it to the shards, where its explanation is built ({@link LlmRerankRankDoc}).
     */
    @Override
    protected RankDoc[] combineInnerRetrieverResults(List<ScoreDoc[]> rankResults, boolean explain) {
        ScoreDoc[] docs = rankResults.get(0);
        LlmRerankRankBuilder rank = explain && innerRetrievers.get(0).source() != null
            && innerRetrievers.get(0).source().rankBuilder() instanceof LlmRerankRankBuilder r ? r : null;
        RankDoc[] out = new RankDoc[docs.length];
        for (int i = 0; i < docs.length; i++) {
            String why = rank == null ? null : rank.explain(docs[i].shardIndex, docs[i].doc, docs[i].score);
            out[i] = why == null ? new RankDoc(docs[i].doc, docs[i].score, docs[i].shardIndex)
                : new LlmRerankRankDoc(docs[i].doc, docs[i].score, docs[i].shardIndex, why);
            out[i].rank = i + 1;
        }
        return out;
    }

    @Override
    public String getName() {
        return NAME;
    }

    RerankClause clause() {
        return clause;
    }

    ResolvedClause resolved() {
        return resolved;
    }

    @Override
    protected void doToXContent(XContentBuilder builder, Params params) throws IOException {
        builder.field(RETRIEVER_FIELD.getPreferredName(), innerRetrievers.get(0).retriever());
        builder.field(RANK_WINDOW_SIZE_FIELD.getPreferredName(), rankWindowSize);
        ClauseXContent.toXContentFields(clause, builder);
    }

    @Override
    public boolean doEquals(Object o) {
        return super.doEquals(o) && clause.equals(((LlmRerankRetrieverBuilder) o).clause)
            && Objects.equals(resolved, ((LlmRerankRetrieverBuilder) o).resolved);
    }

    @Override
    public int doHashCode() {
        return Objects.hash(super.doHashCode(), clause, resolved);
    }
}
