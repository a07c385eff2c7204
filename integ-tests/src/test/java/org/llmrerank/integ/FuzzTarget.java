package org.llmrerank.integ;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.EnumMap;
import java.util.Map;

/**
 * Where the fuzzer's requests go: a base URL and, per API, a path template and the setting prefixes. The generators only
 * ever name an {@link Api}, never a literal path, so that another engine's adapter (different route prefixes and
 * setting namespaces) is one more table, not another fuzzer.
 */
record FuzzTarget(String engine, String baseUrl, Map<Api, String> paths, String clusterSettingPrefix, String indexSettingPrefix) {

    /** Every endpoint the fuzzer calls; {x} in a template is filled, URL-encoded, by {@link #path}. */
    enum Api {
        ROOT, SEARCH, BULK, INDEX, INDEX_SETTINGS, CLUSTER_SETTINGS, EVAL, MODELS, MODEL, STATS, STAT, NODE_STATS, NODE_STAT, STATS_RESET
    }

    static FuzzTarget openSearch(String baseUrl) {
        Map<Api, String> p = new EnumMap<>(Api.class);
        p.put(Api.ROOT, "/");
        p.put(Api.SEARCH, "/{index}/_search");
        p.put(Api.BULK, "/_bulk");
        p.put(Api.INDEX, "/{index}");
        p.put(Api.INDEX_SETTINGS, "/{index}/_settings");
        p.put(Api.CLUSTER_SETTINGS, "/_cluster/settings");
        p.put(Api.EVAL, "/_plugins/_llm_rerank/_eval");
        p.put(Api.MODELS, "/_plugins/_llm_rerank/models");
        p.put(Api.MODEL, "/_plugins/_llm_rerank/models/{name}");
        p.put(Api.STATS, "/_plugins/_llm_rerank/stats");
        p.put(Api.STAT, "/_plugins/_llm_rerank/stats/{stat}");
        p.put(Api.NODE_STATS, "/_plugins/_llm_rerank/{nodeId}/stats");
        p.put(Api.NODE_STAT, "/_plugins/_llm_rerank/{nodeId}/stats/{stat}");
        p.put(Api.STATS_RESET, "/_plugins/_llm_rerank/stats/_reset");
        return new FuzzTarget("opensearch", baseUrl, p, "plugins.llm_rerank.", "index.llm_rerank.");
    }

    /**
     * Elasticsearch 9: the same index and cluster APIs and setting prefixes; {@code GET /} answers 405 there, so the
     * liveness check asks for the cluster's health. The plugin's own endpoints sit under {@code _llm_rerank} (served as
     * the plugin adds them: the fuzzer runs a family only where its endpoint answers).
     */
    static FuzzTarget elasticsearch(String baseUrl) {
        Map<Api, String> p = new EnumMap<>(openSearch(baseUrl).paths());
        p.put(Api.ROOT, "/_cluster/health");
        p.put(Api.EVAL, "/_llm_rerank/_eval");
        p.put(Api.MODELS, "/_llm_rerank/models");
        p.put(Api.MODEL, "/_llm_rerank/models/{name}");
        p.put(Api.STATS, "/_llm_rerank/stats");
        p.put(Api.STAT, "/_llm_rerank/stats/{stat}");
        p.put(Api.NODE_STATS, "/_llm_rerank/{nodeId}/stats");
        p.put(Api.NODE_STAT, "/_llm_rerank/{nodeId}/stats/{stat}");
        p.put(Api.STATS_RESET, "/_llm_rerank/stats/_reset");
        return new FuzzTarget("elasticsearch", baseUrl, p, "plugins.llm_rerank.", "index.llm_rerank.");
    }

    /** Whether a search's rerank details come back in the response body ({@code ext.llm_rerank}): OpenSearch only. */
    boolean detailsInBody() {
        return engine.equals("opensearch");
    }

    /** Whether the engine reads a JSON body as UTF-8 whatever charset its content type names: Elasticsearch does. */
    boolean readsJsonAsUtf8() {
        return engine.equals("elasticsearch");
    }

    /** Whether the engine has the {@code llm_rerank} retriever: Elasticsearch only. */
    boolean hasRetriever() {
        return engine.equals("elasticsearch");
    }

    /** The path of {@code api} with its {placeholders} filled in order, each value URL-encoded (so "../x" stays one segment). */
    String path(Api api, String... values) {
        String t = paths.get(api);
        for (String v : values) {
            int open = t.indexOf('{');
            int close = t.indexOf('}', open);
            if (open < 0 || close < 0) {
                throw new IllegalArgumentException(api + " takes fewer values than given");
            }
            t = t.substring(0, open) + URLEncoder.encode(v, StandardCharsets.UTF_8).replace("+", "%20") + t.substring(close + 1);
        }
        if (t.indexOf('{') >= 0) {
            throw new IllegalArgumentException(api + " needs more values: " + t);
        }
        return t;
    }

    /** The path of {@code api} with one placeholder replaced verbatim: the way to send a name that is not URL-encoded. */
    String rawPath(Api api, String value) {
        String t = paths.get(api);
        int open = t.indexOf('{');
        return t.substring(0, open) + value + t.substring(t.indexOf('}', open) + 1);
    }
}
