package org.llmrerank.elasticsearch;

import java.util.Collection;
import java.util.List;
import org.elasticsearch.action.ActionRequestValidationException;
import org.elasticsearch.cluster.metadata.IndexMetadata;
import org.elasticsearch.cluster.metadata.MappingMetadata;
import org.llmrerank.rest.ValidationErrors;
import org.llmrerank.rest.clause.KnownModels;
import org.llmrerank.rest.clause.RerankClause;
import org.llmrerank.rest.clause.RerankClauseResolver;
import org.llmrerank.rest.clause.SearchLimits;
import org.llmrerank.rest.clause.SearchedIndex;

/**
 * Resolves a clause against the searched indices on Elasticsearch: reads each index's settings and mapping for the
 * engine-neutral {@link RerankClauseResolver} and turns what it finds wrong into one validation error (HTTP 400).
 */
public final class ClauseResolver {

    private final RerankClauseResolver resolver;

    public ClauseResolver(WindowReranker reranker) {
        // the model reads its field through the fields API, so an index without _source is no reason to refuse it
        this.resolver = new RerankClauseResolver(KnownModels.of(reranker::models, reranker::strategiesOf), false);
    }

    /**
     * @param prefix             what errors name the clause by, e.g. {@code llm_rerank}
     * @param windowField        what errors name the window by, e.g. {@code rank_window_size}
     * @param inferredQueryText  the query's own text when it is a single text query, else null
     * @throws ActionRequestValidationException listing every problem
     */
    public ResolvedClause resolve(RerankClause clause, Collection<IndexMetadata> indices, int window, String windowField,
                                  String inferredQueryText, SearchLimits limits, String prefix) {
        List<SearchedIndex> searched = indices.stream().map(ClauseResolver::searched).toList();
        ValidationErrors errors = new ValidationErrors();
        RerankClauseResolver.Resolved r = resolver.resolve(clause, searched, window, windowField, inferredQueryText, limits, prefix, errors);
        if (errors.isEmpty() == false) {
            ActionRequestValidationException v = new ActionRequestValidationException();
            v.addValidationErrors(errors.messages());
            throw v;
        }
        return new ResolvedClause(r.queryText(), limits.maxPassageChars(), r.options());
    }

    private static SearchedIndex searched(IndexMetadata meta) {
        MappingMetadata mapping = meta.mapping();
        return new SearchedIndex(meta.getIndex().getName(), meta.getSettings()::get, mapping == null ? null : mapping.sourceAsMap());
    }
}
