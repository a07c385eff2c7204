package org.llmrerank.elasticsearch.retriever;

import java.io.IOException;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import org.apache.lucene.search.Explanation;
import org.apache.lucene.search.Query;
import org.elasticsearch.TransportVersion;
import org.elasticsearch.client.internal.Client;
import org.elasticsearch.common.io.stream.StreamInput;
import org.elasticsearch.common.io.stream.StreamOutput;
import org.elasticsearch.search.rank.RankBuilder;
import org.elasticsearch.search.rank.RankDoc;
import org.elasticsearch.search.rank.context.QueryPhaseRankCoordinatorContext;
import org.elasticsearch.search.rank.context.QueryPhaseRankShardContext;
import org.elasticsearch.search.rank.context.RankFeaturePhaseRankCoordinatorContext;
import org.elasticsearch.search.rank.context.RankFeaturePhaseRankShardContext;
import org.elasticsearch.search.rank.rerank.RerankingQueryPhaseRankShardContext;
import org.elasticsearch.xcontent.XContentBuilder;
import org.llmrerank.elasticsearch.HitExplanations;
import org.llmrerank.elasticsearch.RerankNode;
import org.llmrerank.elasticsearch.ResolvedClause;
import org.llmrerank.elasticsearch.SearchRerank;
import org.llmrerank.rescorer.pipeline.RerankResult;

/**
 * The rank the {@code llm_rerank} retriever puts on its inner search: shards return their first-stage top hits, the
 * coordinating node merges them into the global top {@code rank_window_size} ({@link FirstStageCapture}), shards send
 * the text of those hits ({@link TextFeatureShardContext}) and the coordinating node reranks them
 * ({@link WindowRerankContext}). Not a request surface of its own (Elasticsearch deprecated the top-level
 * {@code rank}); it travels to the shards as a named writeable.
 */
public final class LlmRerankRankBuilder extends RankBuilder {

    public static final String NAME = "llm_rerank";

    private final ResolvedClause clause;
    /** Coordinating node only: the reranker; null where the builder was read from the wire (a shard). */
    private final RerankNode.Ref node;
    /** Coordinating node only: filled by the query phase's merge, read by the rank-feature phase of the same search. */
    private final FirstStageOrder firstStage = new FirstStageOrder();
    /** Coordinating node only: the inner search starts once this rank is set on it. */
    private final long startNanos = System.nanoTime();
    /** Coordinating node only: the rerank's result, for the explanations of the retriever's hits; null until it is in. */
    private volatile RerankResult result;

    public LlmRerankRankBuilder(int rankWindowSize, ResolvedClause clause, RerankNode.Ref node) {
        super(rankWindowSize);
        this.clause = Objects.requireNonNull(clause);
        this.node = node;
    }

    public LlmRerankRankBuilder(StreamInput in) throws IOException {
        super(in);
        this.clause = ResolvedClause.readFrom(in);
        this.node = null;
    }

    @Override
    protected void doWriteTo(StreamOutput out) throws IOException {
        clause.writeTo(out);
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
        builder.field("field", clause.field());
        builder.field("query_text", clause.queryText());
        builder.field("model", clause.options().model());
        builder.field("strategy", clause.options().strategy().clauseName());
        builder.field("top_k", clause.options().topK());
        builder.field("timeout", TimeUnit.NANOSECONDS.toMillis(clause.options().timeoutNanos()) + "ms");
        if (Double.isInfinite(clause.options().flopsBudget()) == false) {
            builder.field("flops_budget", clause.options().flopsBudget());
        }
    }

    @Override
    public boolean isCompoundBuilder() {
        return false;
    }

    @Override
    public Explanation explainHit(Explanation baseExplanation, RankDoc scoreDoc, List<String> queryNames) {
        return Explanation.match(scoreDoc.score, String.format(Locale.ROOT, "llm_rerank: model [%s], rank [%d]",
            clause.options().model(), scoreDoc.rank), baseExplanation);
    }

    @Override
    public QueryPhaseRankShardContext buildQueryPhaseShardContext(List<Query> queries, int from) {
        return new RerankingQueryPhaseRankShardContext(queries, rankWindowSize());
    }

    @Override
    public QueryPhaseRankCoordinatorContext buildQueryPhaseCoordinatorContext(int size, int from) {
        return new FirstStageCapture(rankWindowSize(), firstStage);
    }

    @Override
    public RankFeaturePhaseRankShardContext buildRankFeaturePhaseShardContext() {
        return new TextFeatureShardContext(clause);
    }

    @Override
    public RankFeaturePhaseRankCoordinatorContext buildRankFeaturePhaseCoordinatorContext(int size, int from, Client client) {
        if (node == null) {
            throw new IllegalStateException("[" + NAME + "] reranks on the coordinating node of the search that built it");
        }
        RerankNode n = node.get();
        return new WindowRerankContext(size, from, rankWindowSize(), clause, (queryText, hits, options, done) -> {
            // the first stage: the query phase, the merge and the texts of the window
            long firstStageMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startNanos);
            SearchRerank.start(n, queryText, hits, options, true, startNanos, firstStageMillis, r -> {
                result = r;
                done.accept(r);
            });
        }, firstStage);
    }

    /**
     * What the rerank made of the hit (see {@link HitExplanations}), on the coordinating node once the rerank answered;
     * null when the hit was not in the window or no result is in.
     */
    String explain(int shardIndex, int doc, float score) {
        RerankResult r = result;
        FirstStageOrder.Place place = firstStage.placeOf(shardIndex, doc);
        return r == null || place == null ? null : HitExplanations.describe(clause.options(), r, place.rank(), score);
    }

    ResolvedClause clause() {
        return clause;
    }

    @Override
    protected boolean doEquals(RankBuilder other) {
        return clause.equals(((LlmRerankRankBuilder) other).clause);
    }

    @Override
    protected int doHashCode() {
        return clause.hashCode();
    }
}
