package org.llmrerank.estimator;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** BM25 top-100 on TREC DL19 against the published Anserini figure and trec_eval 10.0 (see TrecMetricsTest). */
class Dl19MetricsTest {

    static Path dataDir() {
        return Path.of(System.getProperty("trecdl.dir", "../../shared/data/trec-dl"));
    }

    @Test
    void bm25MatchesTrecEval() {
        List<QueryCandidates> queries = RankLlmJsonReader.read(dataDir().resolve("bm25-top100-dl19.json"));
        Qrels qrels = QrelsReader.read(dataDir().resolve("qrels.dl19-passage.txt"));
        assertEquals(43, queries.size());
        assertEquals(100, queries.get(0).candidates().size());
        EvalReport r = Evaluator.evaluate(qrels, RankLlmJsonReader.toRun(queries), EvalOptions.trecDl());
        assertEquals(43, r.queries());
        assertEquals(0.5058, r.ndcg(), 5e-5);
        assertEquals(0.7024, r.mrr(), 5e-5);
        assertEquals(0.2476, r.map(), 5e-5);
        assertEquals(0.4910, r.recall(), 5e-5);
    }
}
