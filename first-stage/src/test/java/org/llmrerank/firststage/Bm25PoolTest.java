package org.llmrerank.firststage;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.llmrerank.estimator.QueryCandidates;
import org.llmrerank.estimator.TopicsReader;

/** The label-free training source: BM25 over the run's passages, and the MS MARCO dev queries. */
class Bm25PoolTest {

    private static QueryCandidates.Candidate doc(String id, String text) {
        return new QueryCandidates.Candidate(id, 0, text);
    }

    /** Unstemmed, stopword-free words, so the analyzer's terms are the words themselves; short docs, exact norms. */
    private static final List<QueryCandidates> RUN = List.of(
            new QueryCandidates("q1", "flea dog", List.of(doc("a", "flea dog flea"), doc("b", "dog cat red"),
                    doc("c", "sun sky red blue green"))),
            new QueryCandidates("q2", "red sun", List.of(doc("b", "DIFFERENT text ignored"), doc("d", "flea"),
                    doc("e", "cat cat cat sun"))));

    /** Lucene's BM25 (no (k1 + 1) factor since Lucene 8) in float64, from term counts. */
    private static double bm25(List<List<String>> docs, List<String> doc, List<String> query) {
        double k1 = 0.9;
        double b = 0.4;
        double avgdl = docs.stream().mapToInt(List::size).average().orElseThrow();
        double score = 0;
        for (String t : query) {
            long n = docs.stream().filter(d -> d.contains(t)).count();
            long tf = doc.stream().filter(t::equals).count();
            if (tf == 0) {
                continue;
            }
            double idf = Math.log(1 + (docs.size() - n + 0.5) / (n + 0.5));
            score += idf * tf / (tf + k1 * (1 - b + b * doc.size() / avgdl));
        }
        return score;
    }

    @Test
    void bm25OverTheDistinctPassagesMatchesTheFormula() throws Exception {
        Map<String, List<String>> docs = new HashMap<>();
        for (QueryCandidates q : RUN) {
            for (QueryCandidates.Candidate c : q.candidates()) {
                docs.putIfAbsent(c.docid(), List.of(c.content().split(" ")));
            }
        }
        List<List<String>> all = new ArrayList<>(docs.values());
        try (Bm25Pool pool = Bm25Pool.of(RUN)) {
            assertEquals(5, pool.size()); // b once, with its first text
            QueryCandidates hits = pool.search("x", "Flea dogs' red", 10); // lowercased, possessive and plural stemmed
            List<String> query = List.of("flea", "dog", "red");
            assertEquals(List.of("a", "b", "d", "c"), hits.candidates().stream().map(QueryCandidates.Candidate::docid).toList());
            for (QueryCandidates.Candidate c : hits.candidates()) {
                double expected = bm25(all, docs.get(c.docid()), query);
                assertEquals(expected, c.score(), 1e-5 * expected, c.docid());
            }
            assertEquals("dog cat red", hits.candidates().get(1).content());
            assertEquals(List.of("e"), pool.search("y", "cat", 10).candidates().stream().map(QueryCandidates.Candidate::docid)
                    .toList().subList(0, 1));
            assertEquals(0, pool.search("z", "the of and", 10).candidates().size()); // stopwords only: no terms
        }
    }

    @Test
    void theMsMarcoDevQueriesShipWithTheModule() {
        List<TopicsReader.Topic> dev = MsMarcoTopics.read(MsMarcoTopics.DEV);
        assertEquals(6980, dev.size());
        assertEquals(new TopicsReader.Topic("1048585", "what is paula deen's brother"), dev.get(0));
    }

    @Test
    void anyOtherSourceIsATopicsFile(@TempDir Path dir) throws Exception {
        Path file = Files.writeString(dir.resolve("topics.tsv"), "7\twhat is a flea\n8\tred sun\n");
        assertEquals(List.of(new TopicsReader.Topic("7", "what is a flea"), new TopicsReader.Topic("8", "red sun")),
                MsMarcoTopics.read(file.toString()));
    }
}
