package org.llmrerank.integ;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * TREC DL19 passage: the BM25 top-100 with passage text (rank_llm JSON, bm25-top100-dl19.json) and
 * the graded qrels. Read from the shared data folder, never copied into the project.
 */
public record Dl19(List<Query> queries, Path qrels) {

    public record Hit(String docid, double bm25, String text) {}

    public record Query(String qid, String text, List<Hit> hits) {}

    public static Dl19 load(Path dir) throws IOException {
        Path run = dir.resolve("bm25-top100-dl19.json");
        Path qrels = dir.resolve("qrels.dl19-passage.txt");
        if (Files.isRegularFile(run) == false || Files.isRegularFile(qrels) == false) {
            throw new IOException("DL19 data not found in " + dir + " (need bm25-top100-dl19.json and qrels.dl19-passage.txt)");
        }
        JsonNode root = new ObjectMapper().readTree(run.toFile());
        List<Query> queries = new ArrayList<>();
        for (JsonNode q : root) {
            List<Hit> hits = new ArrayList<>();
            String qid = null;
            for (JsonNode h : q.get("hits")) {
                qid = h.get("qid").asText();
                hits.add(new Hit(h.get("docid").asText(), h.get("score").asDouble(), h.get("content").asText()));
            }
            queries.add(new Query(qid, q.get("query").asText(), hits));
        }
        return new Dl19(queries, qrels);
    }
}
