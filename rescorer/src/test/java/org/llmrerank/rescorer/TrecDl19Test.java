package org.llmrerank.rescorer;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The NDCG helper against hand-computed values and the published BM25 baseline. */
class TrecDl19Test {

    @Test
    void ndcgMatchesHandComputedValues() {
        Map<String, Integer> grades = Map.of("a", 3, "b", 2, "c", 0, "d", 1);
        assertEquals(1.0, TrecDl19.ndcgAt(10, List.of("a", "b", "d", "c"), grades), 1e-12);
        // ranking b, a: dcg = 2/1 + 3/log2(3); ideal = 3 + 2/log2(3) + 1/2
        double expected = (2 + 3 / (Math.log(3) / Math.log(2))) / (3 + 2 / (Math.log(3) / Math.log(2)) + 0.5);
        assertEquals(expected, TrecDl19.ndcgAt(10, List.of("b", "a", "x"), grades), 1e-12);
        assertEquals(0.0, TrecDl19.ndcgAt(10, List.of("a"), Map.of("a", 0)), 0.0);
    }

    @Test
    void bm25OrderGivesThePublishedBaseline() throws Exception {
        Map<String, Map<String, Integer>> qrels = TrecDl19.qrels();
        double sum = 0;
        List<TrecDl19.Query> queries = TrecDl19.bm25Top100();
        for (TrecDl19.Query q : queries) {
            sum += TrecDl19.ndcgAt(10, q.hits().stream().map(TrecDl19.Hit::docid).toList(), qrels.get(q.qid()));
        }
        assertEquals(43, queries.size());
        assertEquals(0.5058, sum / queries.size(), 5e-5);
    }
}
