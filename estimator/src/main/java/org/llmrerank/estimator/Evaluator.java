package org.llmrerank.estimator;

import java.util.ArrayList;
import java.util.List;

/**
 * Evaluates a run against qrels as trec_eval does: queries of the run that have judgments are
 * evaluated (queries without judgments are ignored); with {@link EvalOptions#complete()} judged
 * queries absent from the run are added with all measures 0.
 */
public final class Evaluator {

    private Evaluator() {}

    public static EvalReport evaluate(Qrels qrels, Run run, EvalOptions options) {
        List<QueryScores> scores = new ArrayList<>();
        for (String qid : run.queryIds()) {
            if (qrels.judged(qid)) {
                scores.add(score(qid, QueryRelevance.of(run.of(qid), qrels.of(qid)), options));
            }
        }
        if (options.complete()) {
            for (String qid : qrels.queryIds()) {
                if (!run.queryIds().contains(qid)) {
                    scores.add(new QueryScores(qid, 0, 0, 0, 0));
                }
            }
        }
        return new EvalReport(options, scores);
    }

    private static QueryScores score(String qid, QueryRelevance q, EvalOptions o) {
        return new QueryScores(qid,
                TrecMetrics.ndcgCut(q, o.ndcgCut()),
                TrecMetrics.reciprocalRank(q, o.rrCut(), o.relevanceLevel()),
                TrecMetrics.averagePrecision(q, o.relevanceLevel()),
                TrecMetrics.recall(q, o.recallCut(), o.relevanceLevel()));
    }
}
