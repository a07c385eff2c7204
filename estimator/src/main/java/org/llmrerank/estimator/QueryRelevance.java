package org.llmrerank.estimator;

import java.util.List;
import java.util.Map;

/**
 * One query's run joined with its judgments, in trec_eval terms: the grade at each rank (−1 for a
 * document not in the qrels) and how many judged documents have each grade. All measures of
 * {@link TrecMetrics} read only this.
 */
public final class QueryRelevance {

    static final int UNJUDGED = -1;

    private final int[] gradeAtRank;
    private final int[] judgedPerGrade;

    private QueryRelevance(int[] gradeAtRank, int[] judgedPerGrade) {
        this.gradeAtRank = gradeAtRank;
        this.judgedPerGrade = judgedPerGrade;
    }

    /** Sorts the results as trec_eval does, then looks every document up in the judgments. */
    public static QueryRelevance of(List<ScoredDoc> results, Map<String, Integer> judgments) {
        List<ScoredDoc> ranked = TrecEvalOrder.sort(results);
        int[] grades = new int[ranked.size()];
        for (int i = 0; i < grades.length; i++) {
            Integer g = judgments.get(ranked.get(i).docid());
            grades[i] = g == null ? UNJUDGED : g;
        }
        int maxGrade = judgments.values().stream().mapToInt(Integer::intValue).max().orElse(0);
        int[] perGrade = new int[Math.max(maxGrade, 0) + 1];
        // negative grades mean "in the pool but unjudged" to trec_eval and count nowhere
        judgments.values().stream().filter(g -> g >= 0).forEach(g -> perGrade[g]++);
        return new QueryRelevance(grades, perGrade);
    }

    int retrieved() {
        return gradeAtRank.length;
    }

    int gradeAt(int index) {
        return gradeAtRank[index];
    }

    int maxGrade() {
        return judgedPerGrade.length - 1;
    }

    int judgedWithGrade(int grade) {
        return grade < judgedPerGrade.length ? judgedPerGrade[grade] : 0;
    }

    /** Judged documents with grade >= level (trec_eval's num_rel at -l level). */
    int relevant(int level) {
        int n = 0;
        for (int g = Math.max(level, 0); g < judgedPerGrade.length; g++) {
            n += judgedPerGrade[g];
        }
        return n;
    }
}
