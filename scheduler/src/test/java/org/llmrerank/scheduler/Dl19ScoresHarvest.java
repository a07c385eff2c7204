package org.llmrerank.scheduler;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.llmrerank.rescorer.ModelRegistry;
import org.llmrerank.rescorer.PointwiseScores;
import org.llmrerank.rescorer.RerankModel;

/**
 * Opt-in (-Dharvest=true): scores of both bundled models for every DL19 (query, BM25 top-100 passage),
 * written to target/dl19-scores.tsv for calibrating the query-level gate offline (not committed).
 */
class Dl19ScoresHarvest {

    @Test
    void harvest() throws Exception {
        Assumptions.assumeTrue(Boolean.getBoolean("harvest"));
        Path dir = Path.of(System.getProperty("trecdl.dir"));
        JsonNode root = new ObjectMapper().readTree(Files.readAllBytes(dir.resolve("bm25-top100-dl19.json")));
        try (ModelRegistry registry = new ModelRegistry(new ModelRegistry.Options(2, 512, 1, false));
             PrintWriter out = new PrintWriter(Files.newBufferedWriter(Path.of("target/dl19-scores.tsv")))) {
            RerankModel bge = registry.get("bge-small");
            RerankModel mini = registry.get("all-minilm-l6-v2");
            bge.scorePointwise("warm", List.of("warm"));
            mini.scorePointwise("warm", List.of("warm"));
            long tb = 0, tm = 0;
            for (JsonNode q : root) {
                List<String> texts = new ArrayList<>();
                List<String> ids = new ArrayList<>();
                String qid = null;
                for (JsonNode h : q.path("hits")) {
                    qid = h.path("qid").asText();
                    ids.add(h.path("docid").asText());
                    texts.add(h.path("content").asText());
                }
                long s = System.nanoTime();
                PointwiseScores b = bge.scorePointwise(q.path("query").asText(), texts);
                tb += System.nanoTime() - s;
                s = System.nanoTime();
                PointwiseScores m = mini.scorePointwise(q.path("query").asText(), texts);
                tm += System.nanoTime() - s;
                for (int i = 0; i < texts.size(); i++) {
                    out.println(qid + "\t" + i + "\t" + ids.get(i) + "\t" + b.scores()[i] + "\t" + m.scores()[i]);
                }
                out.println("#flops\t" + qid + "\t" + b.estimatedFlops() + "\t" + m.estimatedFlops());
            }
            out.println("#time_ms\t" + tb / 1e6 + "\t" + tm / 1e6);
        }
    }
}
