package org.llmrerank.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.llmrerank.estimator.QueryCandidates;
import org.llmrerank.estimator.TopicsReader;

/** The label-free training source: BM25 over the run's passages, topics filtered against the evaluation queries. */
class TrainingTopicsTest {

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
    void selectionSkipsEvaluationQueriesAndWeakOrShortLists() {
        List<TopicsReader.Topic> topics = List.of(
                new TopicsReader.Topic("q1", "some other text"),   // an evaluation query id
                new TopicsReader.Topic("9", "  RED   sun "),        // an evaluation query's text
                new TopicsReader.Topic("10", "blue"),               // one hit
                new TopicsReader.Topic("11", "dog flea"),
                new TopicsReader.Topic("12", "cat red"),
                new TopicsReader.Topic("13", "flea red"));
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        List<QueryCandidates> chosen = TrainingTopics.select(topics, RUN, 2, 0, 2,
                new PrintStream(log, true, StandardCharsets.UTF_8));
        assertEquals(List.of("11", "12"), chosen.stream().map(QueryCandidates::qid).toList());
        assertEquals("cat red", chosen.get(1).query());
        assertTrue(chosen.get(0).candidates().size() >= 2);
        String line = log.toString(StandardCharsets.UTF_8);
        assertTrue(line.contains("2 of the first 5 read (2 are evaluation queries, 1 with fewer than 2"), line);

        // a best-score floor above every list keeps none, and says so
        log.reset();
        assertEquals(List.of(), TrainingTopics.select(topics, RUN, 2, 100, 1, new PrintStream(log, true, StandardCharsets.UTF_8)));
        assertTrue(log.toString(StandardCharsets.UTF_8).contains("0 of the first 6 read (2 are evaluation queries, 4 with"));
    }

    @Test
    void theMsMarcoDevQueriesShipWithTheCli() {
        List<TopicsReader.Topic> dev = TrainingTopics.read(TrainingTopics.MSMARCO_DEV);
        assertEquals(6980, dev.size());
        assertEquals(new TopicsReader.Topic("1048585", "what is paula deen's brother"), dev.get(0));
    }
}
