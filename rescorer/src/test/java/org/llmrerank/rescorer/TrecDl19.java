package org.llmrerank.rescorer;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Test helper: TREC DL19 passage (BM25 top-100 with text, graded qrels) from {@code -Dtrecdl.dir},
 * and NDCG@k as trec_eval computes it: gain = grade, discount log2(rank + 1), ideal ranking from
 * all judged passages of the query, queries without relevant judgements scoring 0. Kept here
 * rather than borrowed from the estimator so this test does not depend on work in progress there.
 */
final class TrecDl19 {

    record Hit(String docid, String content) {}

    record Query(String qid, String text, List<Hit> hits) {}

    private TrecDl19() {}

    static Path dir() {
        String dir = System.getProperty("trecdl.dir");
        if (dir == null) {
            throw new IllegalStateException("system property trecdl.dir is not set (the poms set it for surefire)");
        }
        return Path.of(dir);
    }

    static List<Query> bm25Top100() throws IOException {
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
        return queries;
    }

    /** qid -> docid -> grade */
    static Map<String, Map<String, Integer>> qrels() throws IOException {
        Map<String, Map<String, Integer>> qrels = new HashMap<>();
        for (String line : Files.readAllLines(dir().resolve("qrels.dl19-passage.txt"))) {
            String[] f = line.trim().split("\\s+");
            if (f.length == 4) {
                qrels.computeIfAbsent(f[0], k -> new HashMap<>()).put(f[2], Integer.parseInt(f[3]));
            }
        }
        return qrels;
    }

    static double ndcgAt(int k, List<String> ranking, Map<String, Integer> grades) {
        double dcg = 0;
        for (int r = 0; r < Math.min(k, ranking.size()); r++) {
            dcg += grades.getOrDefault(ranking.get(r), 0) / log2(r + 2);
        }
        List<Integer> ideal = grades.values().stream().filter(g -> g > 0).sorted((a, b) -> b - a).toList();
        double idcg = 0;
        for (int r = 0; r < Math.min(k, ideal.size()); r++) {
            idcg += ideal.get(r) / log2(r + 2);
        }
        return idcg == 0 ? 0 : dcg / idcg;
    }

    private static double log2(double x) {
        return Math.log(x) / Math.log(2);
    }
}
