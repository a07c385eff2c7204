package org.llmrerank.routing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** The TREC DL19 BM25 top-100 with passage text, read from {@code -Dtrecdl.dir} (never copied into the repo). */
public final class Dl19 {

    public record Hit(String docid, String content) {}

    public record Query(String qid, String text, List<Hit> hits) {}

    private Dl19() {}

    public static Path dir() {
        String dir = System.getProperty("trecdl.dir");
        if (dir == null) {
            throw new IllegalStateException("system property trecdl.dir is not set (the poms set it for surefire)");
        }
        return Path.of(dir);
    }

    public static List<Query> bm25Top100() throws IOException {
        JsonNode root = new ObjectMapper().readTree(Files.readAllBytes(dir().resolve("bm25-top100-dl19.json")));
        List<Query> queries = new ArrayList<>();
        for (JsonNode q : root) {
            List<Hit> hits = new ArrayList<>();
            String qid = null;
            for (JsonNode h : q.path("hits")) {
                qid = h.path("qid").asText();
                hits.add(new Hit(h.path("docid").asText(), h.path("content").asText()));
            }
            queries.add(new Query(qid, q.path("query").asText(), List.copyOf(hits)));
        }
        return List.copyOf(queries);
    }
}
