package org.llmrerank.plugin;

import java.util.List;
import org.llmrerank.rescorer.Strategy;
import org.llmrerank.rescorer.pipeline.RerankOptions;
import org.opensearch.action.search.SearchRequest;
import org.opensearch.common.unit.TimeValue;
import org.opensearch.search.fetch.subphase.FetchSourceContext;

/**
 * One search's rerank parameters after the clause, the index settings and the cluster ceilings
 * were combined and validated. Immutable; built only by {@link RerankRequestResolver}.
 *
 * @param indices          the concrete indices searched (for the stats breakdown)
 * @param firstStage       the search to run first: the clause removed, from=0, size=max(window, from+size),
 *                         the text field added to _source fetching
 * @param from             the user's from
 * @param size             the user's size
 * @param windowSize       how many merged first-stage hits the model reranks
 * @param userSource       the user's _source filter (null = default), re-applied to hits after reranking
 * @param requestedStrategy what the clause (or index) asked for, e.g. auto
 * @param strategy         what will run
 * @param flopsBudget      FLOPs per query, +infinity when unlimited
 * @param maxPassageChars  characters of a hit's field the model reads; longer texts are cut
 */
public record ResolvedRerank(
    List<String> indices,
    SearchRequest firstStage,
    int from,
    int size,
    int windowSize,
    FetchSourceContext userSource,
    boolean sourceFilterChanged,
    String model,
    String field,
    Strategy requestedStrategy,
    Strategy strategy,
    double flopsBudget,
    int topK,
    TimeValue timeout,
    String queryText,
    boolean explain,
    int maxPassageChars
) {

    /** The engine-neutral part: what the rerank pipeline needs. */
    public RerankOptions options() {
        return new RerankOptions(indices, model, field, requestedStrategy, strategy, windowSize, topK, flopsBudget, timeout.nanos());
    }
}
