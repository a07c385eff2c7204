package org.llmrerank.integ;

import java.io.IOException;
import java.util.Map;

/**
 * Indexes the DL19 BM25 top-100: one document per (query, passage), holding the passage text and the
 * query's BM25 score for it, so a query's first stage can be replayed exactly.
 */
public final class Dl19Index {

    private Dl19Index() {}

    public static void create(RestJson node, String index, int shards, Dl19 dl19) throws IOException, InterruptedException {
        node.call("DELETE", "/" + index, null);
        node.ok("PUT", "/" + index, Map.of(
            "settings", Map.of("number_of_shards", shards, "number_of_replicas", 0),
            "mappings", Map.of("properties", Map.of(
                "qid", Map.of("type", "keyword"),
                "docid", Map.of("type", "keyword"),
                "bm25", Map.of("type", "float"),
                "text", Map.of("type", "text")))));
        StringBuilder bulk = new StringBuilder();
        int n = 0;
        for (Dl19.Query q : dl19.queries()) {
            for (Dl19.Hit h : q.hits()) {
                bulk.append(RestJson.toJson(Map.of("index", Map.of("_index", index, "_id", q.qid() + "_" + h.docid())))).append('\n');
                bulk.append(RestJson.toJson(Map.of("qid", q.qid(), "docid", h.docid(), "bm25", h.bm25(), "text", h.text()))).append('\n');
                n++;
            }
        }
        RestJson.Reply r = node.call("POST", "/_bulk?refresh=true", bulk.toString(), "application/x-ndjson");
        if (r.status() != 200 || Boolean.TRUE.equals(r.body().get("errors"))) {
            throw new IOException("bulk indexing failed: " + r.status() + " " + String.valueOf(r.body()).substring(0, 500));
        }
        System.err.println("[main-job] indexed " + n + " (query, passage) documents into [" + index + "] with " + shards + " shard(s)");
    }

    /** The replayed first stage of one query: its stored BM25 scores, top 100. */
    public static Map<String, Object> firstStageQuery(String qid) {
        return Map.of("function_score", Map.of(
            "query", Map.of("term", Map.of("qid", qid)),
            "field_value_factor", Map.of("field", "bm25"),
            "boost_mode", "replace"));
    }
}
