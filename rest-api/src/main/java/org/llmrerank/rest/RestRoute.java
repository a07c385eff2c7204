package org.llmrerank.rest;

import java.util.List;

/**
 * One REST route of the API: its method and its path below the engine's prefix ({@code /_plugins} on OpenSearch, none on
 * Elasticsearch). Each engine turns these into its own route objects, so that both serve the same paths.
 */
public record RestRoute(Method method, String path) {

    /** The HTTP methods the API uses. */
    public enum Method { GET, POST, PUT, DELETE }

    /** {@code GET|PUT|DELETE _llm_rerank/models/{name}} and {@code GET _llm_rerank/models}. */
    public static final List<RestRoute> MODELS = List.of(new RestRoute(Method.GET, "/_llm_rerank/models"),
        new RestRoute(Method.GET, "/_llm_rerank/models/{name}"), new RestRoute(Method.PUT, "/_llm_rerank/models/{name}"),
        new RestRoute(Method.DELETE, "/_llm_rerank/models/{name}"));

    /** {@code GET _llm_rerank/stats[/{stat}]} and {@code POST _llm_rerank/stats/_reset}; the nodes are a parameter. */
    public static final List<RestRoute> STATS = List.of(new RestRoute(Method.GET, "/_llm_rerank/stats"),
        new RestRoute(Method.GET, "/_llm_rerank/stats/{stat}"), new RestRoute(Method.POST, "/_llm_rerank/stats/_reset"));
}
