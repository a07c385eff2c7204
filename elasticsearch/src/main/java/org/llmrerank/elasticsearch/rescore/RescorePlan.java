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

    /** The {@code llm_rerank} clause of the search, or null. */
    static LlmRerankRescorerBuilder findClause(SearchRequest request) {
        SearchSourceBuilder source = request.source();
        if (source == null || source.rescores() == null) {
            return null;
        }
        for (RescorerBuilder<?> r : source.rescores()) {
            if (r instanceof LlmRerankRescorerBuilder b) {
                return b;
            }
        }
        return null;
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
        List<String> errors = new ArrayList<>();
        long clauses = rescorers.stream().filter(r -> r instanceof LlmRerankRescorerBuilder).count();
        if (clauses > 1) {
            errors.add("[rescore] only one [llm_rerank] rescorer is allowed per search, got " + clauses);
        } else if (rescorers.get(rescorers.size() - 1) != clause) {
            errors.add("[rescore] [llm_rerank] must be the last rescorer: it reorders the merged hits after every shard-level rescorer");
        }
        if (request.scroll() != null) {
            errors.add("[scroll] cannot be combined with [llm_rerank]: the rerank needs the whole window at once");
        }
        if (source.sorts() != null && source.sorts().stream().anyMatch(s -> (s instanceof ScoreSortBuilder) == false)) {
            errors.add("[sort] cannot be combined with [rescore]: only the default _score sort is allowed");
        }
        if (source.storedFields() != null && source.storedFields().fetchFields() == false) {
            errors.add("[stored_fields] [_none_] cannot be combined with [llm_rerank]: the model reads its field through the fields API");
        }
        if (source.collapse() != null) {
            errors.add("[collapse] cannot be combined with [llm_rerank]");
        }
        int from = Math.max(0, source.from());
        int size = source.size() < 0 ? 10 : source.size();
        long pageEnd = (long) from + size;
        if (pageEnd > Integer.MAX_VALUE) {
            errors.add("[size] [from] + [size] = " + pageEnd + " is past the largest result window [" + Integer.MAX_VALUE + "]");
        }
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
        // size 0 (aggregations only): nothing to rerank, so fetch nothing
        firstStageSource.size(size == 0 ? 0 : Math.max(window, from + size));
        String field = resolved.field();
        boolean listed = source.fetchFields() != null && source.fetchFields().stream().anyMatch(f -> f.field.equals(field));
        if (listed == false) {
            firstStageSource.fetchField(new FieldAndFormat(field, null));
        }
        SearchRequest firstStage = new SearchRequest(request).source(firstStageSource);
        return new RescorePlan(firstStage, from, size, resolved, listed == false);
    }
}
