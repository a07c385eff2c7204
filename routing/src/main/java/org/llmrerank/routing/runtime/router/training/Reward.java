package org.llmrerank.routing.runtime.router.training;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.llmrerank.estimator.EvalOptions;
import org.llmrerank.estimator.Evaluator;
import org.llmrerank.estimator.Qrels;
import org.llmrerank.estimator.QueryCandidates;
import org.llmrerank.estimator.Run;
import org.llmrerank.estimator.ScoredDoc;

/**
 * When a layer path's ranking of one query's candidates earns reward 1 in the path search. Made per query from its
 * full-depth order, so what a rule needs from full depth is computed once.
 */
@FunctionalInterface
public interface Reward {

    /** Accepts rankings (candidate indices, best first) of {@code q}; full depth's order and scores given. */
    Acceptance forQuery(QueryCandidates q, List<Integer> fullOrder, double[] fullScores);

    /** One query's rule. */
    interface Acceptance {
        boolean accepts(List<Integer> ranking);

        /** What the search was held to, for the progress line. */
        String describe();
    }

    /** The query's NDCG@10 (qrels) at most {@code tolerance} below its full-depth NDCG@10. */
    static Reward qrels(Qrels qrels, double tolerance) {
        return (q, fullOrder, fullScores) -> {
            double full = queryNdcg(q, fullOrder, fullScores, qrels);
            return new Acceptance() {
                @Override
                public boolean accepts(List<Integer> ranking) {
                    // scored by position, so the evaluator keeps the path's order
                    double[] scores = new double[fullScores.length];
                    for (int rank = 0; rank < ranking.size(); rank++) {
                        scores[ranking.get(rank)] = ranking.size() - rank;
                    }
                    return queryNdcg(q, ranking, scores, qrels) >= full - tolerance;
                }

                @Override
                public String describe() {
                    return String.format(Locale.ROOT, "full NDCG@10 %.4f", full);
                }
            };
        };
    }

    /** No qrels: the ranking keeps full depth's top 10 ({@link FullDepthAgreement}) at or above {@code minAgreement}. */
    static Reward agreement(double minAgreement) {
        return (q, fullOrder, fullScores) -> new Acceptance() {
            @Override
            public boolean accepts(List<Integer> ranking) {
                return FullDepthAgreement.ndcg(fullOrder, ranking) >= minAgreement;
            }

            @Override
            public String describe() {
                return "reward: agreement with full depth >= " + minAgreement;
            }
        };
    }

    /** The query's NDCG@10 (qrels) for {@code ranking} (candidate indices, best first). */
    private static double queryNdcg(QueryCandidates q, List<Integer> ranking, double[] scores, Qrels qrels) {
        List<ScoredDoc> ranked = new ArrayList<>();
        for (int i : ranking) {
            ranked.add(new ScoredDoc(q.candidates().get(i).docid(), scores[i]));
        }
        return Evaluator.evaluate(qrels, new Run(Map.of(q.qid(), ranked)), EvalOptions.trecDl().withComplete(false)).ndcg();
    }
}
