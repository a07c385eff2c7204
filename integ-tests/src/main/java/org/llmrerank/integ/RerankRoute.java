package org.llmrerank.integ;

import java.io.IOException;
import java.util.List;
import java.util.Map;

/**
 * What the main job needs to know about the engine it runs against: the search that reranks one DL19 query, where the
 * plugin puts a search's details, and the paths of its stats and {@code _eval} endpoints. The job itself (indexing, the
 * replayed first stage, NDCG@10, the report) is the same for every engine.
 */
interface RerankRoute {

    /** The engine as the report names it, e.g. {@code OpenSearch}. */
    String engine();

    /** How the search reaches the plugin, as the report names it, e.g. {@code the llm_rerank clause}. */
    String surface();

    /** The search that reranks {@code q}'s replayed first stage with {@code model} and answers its top 10. */
    Map<String, Object> rerankSearch(Dl19.Query q, String model);

    /** The search {@code _eval} runs for {@code q}, with and without the rerank. */
    default Map<String, Object> evalSearch(Dl19.Query q, String model) {
        return rerankSearch(q, model);
    }

    /** The plugin's details of one reranked search (the fields of OpenSearch's {@code ext.llm_rerank}); null when it sent none. */
    Map<String, Object> details(RestJson.Reply reply) throws IOException;

    /**
     * For a response without details: whether the rerank kept the first stage (a fallback), judged from the reranked
     * page and the same query's first-stage page; by default, whether the page holds the first stage's top hits in their order.
     */
    @SuppressWarnings("unchecked")
    default boolean keptFirstStage(RestJson.Reply reranked, RestJson.Reply firstStage) {
        List<Map<String, Object>> page = reranked.at("hits", "hits");
        List<Map<String, Object>> first = firstStage.at("hits", "hits");
        return page.stream().map(h -> h.get("_id")).toList().equals(first.stream().limit(page.size()).map(h -> h.get("_id")).toList());
    }

    /** Path of the cluster-wide stats ({@code GET}); {@code statsPath() + "/_reset"} resets them. */
    String statsPath();

    /** Path of {@code POST _eval}. */
    String evalPath();

    /** Path of the models API ({@code PUT modelsPath() + "/" + name} registers one). */
    String modelsPath();
}
