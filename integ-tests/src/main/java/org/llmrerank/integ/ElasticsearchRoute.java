package org.llmrerank.integ;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Elasticsearch: the {@code llm_rerank} retriever around a {@code standard} retriever holding the replayed first stage,
 * or the {@code llm_rerank} rescore clause (the request OpenSearch takes). Elasticsearch's search response has no
 * {@code ext}: the plugin's details of a search come as the {@value #DETAILS_HEADER} response header (compact JSON,
 * the fields of OpenSearch's {@code ext.llm_rerank}) where the plugin sends it.
 */
final class ElasticsearchRoute implements RerankRoute {

    static final String DETAILS_HEADER = "X-Llm-Rerank";

    /** The request surface the rerank goes through. */
    enum Surface {
        RETRIEVER, RESCORE;

        static Surface of(String name) {
            try {
                return valueOf(name.trim().toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("--surface takes retriever or rescore, got " + name);
            }
        }
    }

    private final Surface surface;

    ElasticsearchRoute(Surface surface) {
        this.surface = surface;
    }

    @Override
    public String engine() {
        return "Elasticsearch";
    }

    @Override
    public String surface() {
        return surface == Surface.RETRIEVER ? "the llm_rerank retriever" : "the llm_rerank rescore clause";
    }

    @Override
    public Map<String, Object> rerankSearch(Dl19.Query q, String model) {
        if (surface == Surface.RESCORE) {
            return Dl19Runner.search(q, model);
        }
        Map<String, Object> rerank = new LinkedHashMap<>();
        rerank.put("retriever", Map.of("standard", Map.of("query", Dl19Index.firstStageQuery(q.qid()))));
        rerank.put("field", "text");
        rerank.put("model", model);
        rerank.put("rank_window_size", Dl19Runner.WINDOW);
        // the replayed first stage is no text query: the query's text is given
        rerank.put("query_text", q.text());
        // every query must be judged, on a quiet machine or a loaded one (see Dl19Runner.search)
        rerank.put("timeout", "20m");
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("size", 10);
        body.put("retriever", Map.of("llm_rerank", rerank));
        body.put("_source", List.of("docid"));
        return body;
    }

    /** {@code _eval} on Elasticsearch takes searches with the rescore clause (its baseline: the same search without it). */
    @Override
    public Map<String, Object> evalSearch(Dl19.Query q, String model) {
        return Dl19Runner.search(q, model);
    }

    @Override
    public Map<String, Object> details(RestJson.Reply reply) throws IOException {
        String header = reply.header(DETAILS_HEADER);
        return header == null ? null : RestJson.parseObject(header);
    }

    /**
     * Without details: whether the search kept its first stage, read off the page. A fallback answers the first stage's
     * top 10 in its order, with rank-derived scores (window size down) through the retriever and with the first stage's
     * own scores through the rescore clause; a model's scores are neither.
     */
    @Override
    public boolean keptFirstStage(RestJson.Reply reranked, RestJson.Reply firstStage) {
        List<Map<String, Object>> page = reranked.at("hits", "hits");
        List<Map<String, Object>> first = firstStage.at("hits", "hits");
        for (int i = 0; i < page.size(); i++) {
            if (i >= first.size() || page.get(i).get("_id").equals(first.get(i).get("_id")) == false) {
                return false;
            }
            double score = ((Number) page.get(i).get("_score")).doubleValue();
            double kept = surface == Surface.RETRIEVER ? Dl19Runner.WINDOW - i : ((Number) first.get(i).get("_score")).doubleValue();
            if (score != kept) {
                return false;
            }
        }
        return true;
    }

    @Override
    public String statsPath() {
        return "/_llm_rerank/stats";
    }

    @Override
    public String evalPath() {
        return "/_llm_rerank/_eval";
    }

    @Override
    public String modelsPath() {
        return "/_llm_rerank/models";
    }
}
