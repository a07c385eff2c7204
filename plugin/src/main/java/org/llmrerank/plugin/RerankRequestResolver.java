package org.llmrerank.plugin;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.llmrerank.rescorer.pipeline.RerankOptions;
import org.llmrerank.rest.ValidationErrors;
import org.llmrerank.rest.clause.KnownModels;
import org.llmrerank.rest.clause.QueryText;
import org.llmrerank.rest.clause.RerankClauseResolver;
import org.llmrerank.rest.clause.RescoreSearch;
import org.llmrerank.rest.clause.SearchLimits;
import org.llmrerank.rest.clause.SearchedIndex;
import org.opensearch.action.ActionRequestValidationException;
import org.opensearch.action.search.SearchRequest;
import org.opensearch.cluster.ClusterState;
import org.opensearch.cluster.metadata.IndexMetadata;
import org.opensearch.cluster.metadata.IndexNameExpressionResolver;
import org.opensearch.cluster.metadata.MappingMetadata;
import org.opensearch.common.unit.TimeValue;
import org.opensearch.index.query.BoolQueryBuilder;
import org.opensearch.index.query.MatchPhraseQueryBuilder;
import org.opensearch.index.query.MatchQueryBuilder;
import org.opensearch.index.query.MultiMatchQueryBuilder;
import org.opensearch.index.query.QueryBuilder;
import org.opensearch.index.query.QueryStringQueryBuilder;
import org.opensearch.index.query.SimpleQueryStringBuilder;
import org.opensearch.search.builder.SearchSourceBuilder;
import org.opensearch.search.fetch.subphase.FetchSourceContext;
import org.opensearch.search.rescore.RescorerBuilder;
import org.opensearch.search.sort.ScoreSortBuilder;

/**
 * Turns a search with an {@code llm_rerank} clause into a {@link ResolvedRerank}, or rejects it with
 * every problem at once (a 400 whose lines each name the offending field), in the manner of
 * Elasticsearch's inference settings validation. Reads only cluster state: never loads a model.
 */
public final class RerankRequestResolver {

    private final IndexNameExpressionResolver indexResolver;
    private final RerankClauseResolver clauseResolver;

    public RerankRequestResolver(IndexNameExpressionResolver indexResolver, RerankModelProvider models) {
        this.indexResolver = indexResolver;
        // the model reads its field from _source, so an index that keeps none is refused
        this.clauseResolver = new RerankClauseResolver(KnownModels.of(models::names, models::strategiesOf), true);
    }

    /** The clause when the search carries one, else null. */
    public static LlmRerankRescorerBuilder findClause(SearchRequest request) {
        SearchSourceBuilder source = request.source();
        return source == null ? null : RescoreSearch.clauseOf(source.rescores(), LlmRerankRescorerBuilder.class);
    }

    public ResolvedRerank resolve(SearchRequest request, ClusterState state, SearchLimits limits) {
        SearchSourceBuilder source = request.source();
        List<RescorerBuilder> rescorers = source.rescores();
        LlmRerankRescorerBuilder clause = findClause(request);
        ValidationErrors errors = new ValidationErrors();
        RescoreSearch search = RescoreSearch.of(
            rescorers,
            clause,
            request.scroll() != null,
            source.sorts() != null && source.sorts().stream().anyMatch(s -> (s instanceof ScoreSortBuilder) == false),
            source.collapse() != null,
            source.storedFields() != null && source.storedFields().fetchFields() == false,
            source.from(),
            source.size()
        );
        search.validate("it turns off _source, where the model reads its field", errors);

        int window = clause.windowSize() == null ? RescorerBuilder.DEFAULT_WINDOW_SIZE : clause.windowSize();
        String[] indices = indexResolver.concreteIndexNames(state, request);
        List<SearchedIndex> searched = Arrays.stream(indices).map(i -> state.metadata().index(i)).filter(m -> m != null)
            .map(RerankRequestResolver::searched).toList();
        RerankClauseResolver.Resolved resolved = clauseResolver.resolve(clause.clause(), searched, window, "rescore.window_size",
            QueryText.of(source.query(), QUERY_VIEW), limits, LlmRerankRescorerBuilder.NAME, errors);
        if (errors.isEmpty() == false) {
            ActionRequestValidationException v = new ActionRequestValidationException();
            errors.messages().forEach(v::addValidationError);
            throw v;
        }

        RerankOptions options = resolved.options();
        int from = search.from();
        int size = search.size();
        SearchSourceBuilder firstStageSource = source.shallowCopy();
        firstStageSource.clearRescorers();
        rescorers.stream().filter(r -> r != clause).forEach(firstStageSource::addRescorer);
        firstStageSource.from(0);
        firstStageSource.size(search.firstStageSize(window));
        // stored_fields without _source returns no _source: that is what the user gets back, whatever the model read
        FetchSourceContext userSource = source.fetchSource() == null && source.storedFields() != null
            ? FetchSourceContext.DO_NOT_FETCH_SOURCE : source.fetchSource();
        FetchSourceContext needed = withField(userSource, options.field());
        firstStageSource.fetchSource(needed);
        SearchRequest firstStage = new SearchRequest(request).source(firstStageSource);
        boolean explain = Boolean.TRUE.equals(source.explain());
        return new ResolvedRerank(List.of(indices), firstStage, from, size, window, userSource, needed != userSource, options.model(),
            options.field(), options.requestedStrategy(), options.strategy(), options.flopsBudget(), options.topK(),
            TimeValue.timeValueNanos(options.timeoutNanos()), resolved.queryText(), explain, limits.maxPassageChars());
    }

    /** The index's clause defaults and mapping, as the engine-neutral resolver reads them. */
    static SearchedIndex searched(IndexMetadata meta) {
        MappingMetadata mapping = meta.mapping();
        return new SearchedIndex(meta.getIndex().getName(), meta.getSettings()::get, mapping == null ? null : mapping.sourceAsMap());
    }

    /** OpenSearch's text queries, for the rule of which queries give the text to rerank for. */
    static final QueryText.View<QueryBuilder> QUERY_VIEW = new QueryText.View<>() {
        @Override
        public String text(QueryBuilder q) {
            if (q instanceof MatchQueryBuilder m) return String.valueOf(m.value());
            if (q instanceof MatchPhraseQueryBuilder m) return String.valueOf(m.value());
            if (q instanceof MultiMatchQueryBuilder m) return String.valueOf(m.value());
            if (q instanceof QueryStringQueryBuilder m) return m.queryString();
            if (q instanceof SimpleQueryStringBuilder m) return m.value();
            return null;
        }

        @Override
        public List<QueryBuilder> scoringClauses(QueryBuilder q) {
            if (q instanceof BoolQueryBuilder b) {
                List<QueryBuilder> scoring = new ArrayList<>(b.must());
                scoring.addAll(b.should());
                return scoring;
            }
            return null;
        }
    };

    /** A fetch-source context that also returns the text field; the same object when nothing needs to change. */
    static FetchSourceContext withField(FetchSourceContext user, String field) {
        if (field == null || user == null) {
            return user; // default: the whole _source is fetched
        }
        boolean fieldIncluded = user.fetchSource()
            && (user.includes().length == 0 || Arrays.stream(user.includes()).anyMatch(i -> i.equals(field) || i.equals("*")))
            && Arrays.stream(user.excludes()).noneMatch(e -> e.equals(field) || e.equals("*"));
        if (fieldIncluded) {
            return user;
        }
        Set<String> includes = new LinkedHashSet<>(user.fetchSource() ? Arrays.asList(user.includes()) : List.of());
        if (user.fetchSource() == false || includes.isEmpty() == false) {
            includes.add(field);
        }
        String[] excludes = Arrays.stream(user.excludes()).filter(e -> e.equals(field) == false).toArray(String[]::new);
        return new FetchSourceContext(true, includes.toArray(String[]::new), user.fetchSource() ? excludes : new String[0]);
    }
}
