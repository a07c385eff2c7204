package org.llmrerank.elasticsearch.rescore;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import org.elasticsearch.action.ActionRequestValidationException;
import org.elasticsearch.action.search.SearchRequest;
import org.elasticsearch.cluster.metadata.IndexMetadata;
import org.elasticsearch.cluster.metadata.IndexNameExpressionResolver;
import org.elasticsearch.cluster.metadata.ProjectMetadata;
import org.elasticsearch.cluster.project.ProjectResolver;
import org.elasticsearch.search.builder.SearchSourceBuilder;
import org.elasticsearch.search.fetch.subphase.FieldAndFormat;
import org.elasticsearch.search.rescore.RescorerBuilder;
import org.elasticsearch.search.sort.ScoreSortBuilder;
import org.llmrerank.elasticsearch.QueryTexts;
import org.llmrerank.elasticsearch.RerankNode;
import org.llmrerank.elasticsearch.ResolvedClause;
import org.llmrerank.rest.ValidationErrors;
import org.llmrerank.rest.clause.RescoreSearch;

/**
 * How one search with an {@code llm_rerank} rescore clause runs: the first stage without the clause (from 0, deep
 * enough for the window and the user's page, the text field fetched through the fields API), then the rerank of the
 * window, then the user's page.
 *
 * @param firstStage        the search to run first
 * @param from              the user's from
 * @param size              the user's size
 * @param clause            the resolved clause
 * @param textFieldAdded    whether {@code fields} was extended with the text field, to be taken out of the hits again
 */
public record RescorePlan(SearchRequest firstStage, int from, int size, ResolvedClause clause, boolean textFieldAdded) {

    /** Whether the search asks for {@code explain}: the first stage explains its hits, the rerank adds its part. */
    boolean explain() {
        return Boolean.TRUE.equals(firstStage.source().explain());
    }

    /** The {@code llm_rerank} clause of the search, or null. */
    static LlmRerankRescorerBuilder findClause(SearchRequest request) {
        SearchSourceBuilder source = request.source();
        return source == null ? null : RescoreSearch.clauseOf(source.rescores(), LlmRerankRescorerBuilder.class);
    }

    /**
     * @throws ActionRequestValidationException every problem at once, each naming its field
     */
    @SuppressWarnings("rawtypes") // Elasticsearch's SearchSourceBuilder hands out its rescorers as a raw list
    static RescorePlan of(SearchRequest request, RerankNode node, IndexNameExpressionResolver indexResolver, ProjectResolver projects) {
        SearchSourceBuilder source = request.source();
        List<RescorerBuilder> rescorers = source.rescores();
        LlmRerankRescorerBuilder clause = Objects.requireNonNull(findClause(request));
        if (source.skipInnerHits()) {
            // only a compound retriever (e.g. [rescorer]) builds a search that skips inner hits: its search wants the doc
            // ids of a first stage it ranks itself, not a reranked page, and would see only unrelated refusals below
            ActionRequestValidationException v = new ActionRequestValidationException();
            v.addValidationError("[rescore] [llm_rerank] cannot run inside a retriever: use the [llm_rerank] retriever, which "
                + "reranks the hits of the retriever it holds");
            throw v;
        }
        RescoreSearch search = RescoreSearch.of(
            rescorers,
            clause,
            request.scroll() != null,
            source.sorts() != null && source.sorts().stream().anyMatch(s -> (s instanceof ScoreSortBuilder) == false),
            source.collapse() != null,
            source.storedFields() != null && source.storedFields().fetchFields() == false,
            source.from(),
            source.size());
        ValidationErrors shape = new ValidationErrors();
        search.validate("the model reads its field through the fields API", shape);
        List<String> errors = new ArrayList<>(shape.messages());
        int from = search.from();
        int size = search.size();
        int window = clause.windowSize() == null ? RescorerBuilder.DEFAULT_WINDOW_SIZE : clause.windowSize();

        ProjectMetadata project = projects.getProjectMetadata(node.clusterService().state());
        String[] names = indexResolver.concreteIndexNames(project, request);
        List<IndexMetadata> metas = Arrays.stream(names).map(project::index).filter(Objects::nonNull).toList();
        ResolvedClause resolved = null;
        try {
            resolved = node.resolve(clause.clause(), metas, window, "rescore.window_size", QueryTexts.of(source.query()), "llm_rerank");
        } catch (ActionRequestValidationException e) {
            errors.addAll(e.validationErrors());
        }
        if (errors.isEmpty() == false) {
            ActionRequestValidationException v = new ActionRequestValidationException();
            v.addValidationErrors(errors);
            throw v;
        }

        SearchSourceBuilder firstStageSource = source.shallowCopy();
        firstStageSource.clearRescorers();
        rescorers.stream().filter(r -> r != clause).forEach(firstStageSource::addRescorer);
        firstStageSource.from(0);
        firstStageSource.size(search.firstStageSize(window));
        String field = resolved.field();
        boolean listed = source.fetchFields() != null && source.fetchFields().stream().anyMatch(f -> f.field.equals(field));
        if (listed == false) {
            firstStageSource.fetchField(new FieldAndFormat(field, null));
        }
        SearchRequest firstStage = new SearchRequest(request).source(firstStageSource);
        return new RescorePlan(firstStage, from, size, resolved, listed == false);
    }
}
