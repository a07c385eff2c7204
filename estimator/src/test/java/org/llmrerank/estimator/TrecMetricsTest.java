package org.llmrerank.estimator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Expected values come from trec_eval 10.0 (usnistgov/trec_eval f425365, built from source; Debian has
 * no trec-eval package), run on exactly these files:
 * {@code trec_eval -q -c -l 2 -m ndcg_cut.3,5,10 -m recip_rank -m map -m recall.5 qrels run}.
 * On DL19 BM25 the same build gave, and {@link Dl19MetricsTest} pins: ndcg_cut_10 0.5058,
 * map 0.2476, recall_100 0.4910, recip_rank with -M 10 (MRR@10) 0.7024; our per-query values for
 * all 43 queries were identical to trec_eval's at its 4 printed decimals.
 */
class TrecMetricsTest {

    static final String QRELS = """
            1 0 a 3
            1 0 b 2
            1 0 c 0
            1 0 d 1
            1 0 e 2
            1 0 z 3
            2 0 x 1
            2 0 y 0
            3 0 p 2
            """;
    // ties at 5.0 (a, b) and 4.0 (c, d); q is unjudged; query 4 is not judged; query 3 has no results
    static final String RUN = """
            1 Q0 a 1 5.0 t
            1 Q0 b 2 5.0 t
            1 Q0 c 3 4.0 t
            1 Q0 d 4 4.0 t
            1 Q0 q 5 3.5 t
            1 Q0 e 6 3.0 t
            2 Q0 y 1 2.0 t
            2 Q0 x 2 1.0 t
            4 Q0 p 1 1.0 t
            """;

    @TempDir
    Path dir;

    private EvalReport evaluate(EvalOptions o) throws IOException {
        Path q = Files.writeString(dir.resolve("qrels"), QRELS);
        Path r = Files.writeString(dir.resolve("run"), RUN);
        return Evaluator.evaluate(QrelsReader.read(q), TrecRunReader.read(r), o);
    }

    @Test
    void matchesTrecEvalPerQueryAndAll() throws IOException {
        EvalReport r = evaluate(new EvalOptions(10, 1000, 5, 2, true));
        assertEquals(List.of("1", "2", "3"), r.perQuery().stream().map(QueryScores::qid).toList());
        QueryScores q1 = r.perQuery().get(0);
        assertEquals(0.7149, q1.ndcg(), 5e-5);
        assertEquals(1.0, q1.reciprocalRank(), 1e-12);
        assertEquals(0.6250, q1.averagePrecision(), 1e-12);
        assertEquals(0.5000, q1.recall(), 1e-12);
        assertEquals(0.6309, r.perQuery().get(1).ndcg(), 5e-5);
        assertEquals(0.4486, r.ndcg(), 5e-5);
        assertEquals(0.3333, r.mrr(), 5e-5);
        assertEquals(0.2083, r.map(), 5e-5);
        assertEquals(0.1667, r.recall(), 5e-5);
    }

    @Test
    void tiesAreBrokenByDocidDescending() throws IOException {
        // trec_eval ranks b before a (tied 5.0) and d before c: ndcg_cut.3 = 0.7455 and ndcg_cut.5 = 0.6152.
        // Docid-ascending tie-breaking would give (3 + 2/log2 3)/(3 + 3/log2 3 + 1) = 0.7232 at 3.
        EvalReport at3 = evaluate(new EvalOptions(3, 10, 5, 2, true));
        assertEquals(0.7455, at3.perQuery().get(0).ndcg(), 5e-5);
        assertEquals(0.4588, at3.ndcg(), 5e-5);
        EvalReport at5 = evaluate(new EvalOptions(5, 10, 5, 2, true));
        assertEquals(0.6152, at5.perQuery().get(0).ndcg(), 5e-5);
        List<ScoredDoc> sorted = TrecEvalOrder.sort(List.of(new ScoredDoc("a", 1), new ScoredDoc("b", 1),
                new ScoredDoc("c", 2)));
        assertEquals(List.of("c", "b", "a"), sorted.stream().map(ScoredDoc::docid).toList());
    }

    @Test
    void withoutCompleteMissingQueriesAreNotAveraged() throws IOException {
        EvalReport r = evaluate(new EvalOptions(10, 10, 5, 2, false));
        assertEquals(2, r.queries());
        assertEquals((0.7149 + 0.6309) / 2, r.ndcg(), 1e-4);
    }

    @Test
    void reciprocalRankIsCut() {
        QueryRelevance q = QueryRelevance.of(List.of(new ScoredDoc("n1", 3), new ScoredDoc("n2", 2),
                new ScoredDoc("r", 1)), Map.of("r", 2, "n1", 1));
        assertEquals(1.0 / 3, TrecMetrics.reciprocalRank(q, 3, 2), 1e-12);
        assertEquals(0, TrecMetrics.reciprocalRank(q, 2, 2));
        // -l 1 makes n1 relevant
        assertEquals(1.0, TrecMetrics.reciprocalRank(q, 2, 1));
        assertThrows(IllegalArgumentException.class, () -> TrecMetrics.ndcgCut(q, 0));
    }

    @Test
    void ndcgHandWorked() {
        // ranked grades 0, 2, 1 ; ideal 2, 1 ; DCG = 2/log2(3) + 1/2 ; IDCG = 2 + 1/log2(3)
        QueryRelevance q = QueryRelevance.of(List.of(new ScoredDoc("x", 3), new ScoredDoc("y", 2),
                new ScoredDoc("z", 1)), Map.of("x", 0, "y", 2, "z", 1));
        double l3 = Math.log(3) / Math.log(2);
        assertEquals((2 / l3 + 0.5) / (2 + 1 / l3), TrecMetrics.ndcgCut(q, 10), 1e-12);
        assertTrue(TrecMetrics.ndcgCut(q, 1) == 0);
    }

    @Test
    void hugeGradesCostWhatSmallOnesCost() {
        // a grade of 2147483647 once sized an array by the largest grade: an OutOfMemoryError or a negative size
        QueryRelevance q = QueryRelevance.of(List.of(new ScoredDoc("x", 3), new ScoredDoc("y", 2), new ScoredDoc("z", 1)),
                Map.of("x", 0, "y", Integer.MAX_VALUE, "z", 1_000_000_000));
        double l3 = Math.log(3) / Math.log(2);
        double dcg = Integer.MAX_VALUE / l3 + 1e9 / 2;
        double ideal = Integer.MAX_VALUE + 1e9 / l3;
        assertEquals(dcg / ideal, TrecMetrics.ndcgCut(q, 10), 1e-12 * (dcg / ideal));
        assertEquals(2, q.relevant(2));
        assertEquals(1, q.relevant(Integer.MAX_VALUE));
        assertEquals(1.0 / 2, TrecMetrics.reciprocalRank(q, 10, 2), 1e-12);
    }

    @Test
    void idealRankingMatchesANaiveSortOnRandomQrels() {
        java.util.Random r = new java.util.Random(20261205L);
        for (int trial = 0; trial < 200; trial++) {
            Map<String, Integer> qrels = new java.util.HashMap<>();
            List<ScoredDoc> run = new java.util.ArrayList<>();
            int docs = 1 + r.nextInt(40);
            for (int d = 0; d < docs; d++) {
                String id = "d" + d;
                if (r.nextInt(4) > 0) {
                    qrels.put(id, r.nextInt(7) - 1); // -1 = pooled but unjudged
                }
                if (r.nextInt(3) > 0) {
                    run.add(new ScoredDoc(id, r.nextInt(20)));
                }
            }
            int k = 1 + r.nextInt(15);
            // reference: the ideal DCG from sorting every positive grade, the run's DCG in trec_eval's order
            List<Integer> positive = qrels.values().stream().filter(g -> g > 0).sorted(java.util.Comparator.reverseOrder()).toList();
            double ideal = 0;
            for (int i = 0; i < Math.min(k, positive.size()); i++) {
                ideal += positive.get(i) / (Math.log(i + 2) / Math.log(2));
            }
            List<ScoredDoc> ranked = TrecEvalOrder.sort(run);
            double dcg = 0;
            for (int i = 0; i < Math.min(k, ranked.size()); i++) {
                int g = qrels.getOrDefault(ranked.get(i).docid(), -1);
                dcg += g > 0 ? g / (Math.log(i + 2) / Math.log(2)) : 0;
            }
            double expected = ideal > 0 ? dcg / ideal : dcg;
            double got = TrecMetrics.ndcgCut(QueryRelevance.of(run, qrels), k);
            assertEquals(expected, got, 1e-12 * Math.max(1, Math.abs(expected)), "trial " + trial);
            long relevantRef = qrels.values().stream().filter(g -> g >= 2).count();
            assertEquals(relevantRef, QueryRelevance.of(run, qrels).relevant(2), "trial " + trial);
        }
    }
}
