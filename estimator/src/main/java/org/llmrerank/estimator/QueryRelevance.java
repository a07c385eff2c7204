package org.llmrerank.estimator;

import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * One query's run joined with its judgments, in trec_eval terms: the grade at each rank (−1 for a
 * document not in the qrels) and the judged grades. All measures of {@link TrecMetrics} read only this.
 *
 * <p>The judged grades are kept as one sorted array, so memory and time grow with the number of
 * judgments and never with the size of a grade: a qrels line with grade 2147483647 costs what a
 * line with grade 3 costs.
 */
public final class QueryRelevance {

    static final int UNJUDGED = -1;

    private final int[] gradeAtRank;
    /** Grades of the judged documents (grade >= 0), highest first. */
    private final int[] judgedGradesDescending;

    private QueryRelevance(int[] gradeAtRank, int[] judgedGradesDescending) {
        this.gradeAtRank = gradeAtRank;
        this.judgedGradesDescending = judgedGradesDescending;
    }

    /** Sorts the results as trec_eval does, then looks every document up in the judgments. */
    public static QueryRelevance of(List<ScoredDoc> results, Map<String, Integer> judgments) {
        List<ScoredDoc> ranked = TrecEvalOrder.sort(results);
        int[] grades = new int[ranked.size()];
        for (int i = 0; i < grades.length; i++) {
            Integer g = judgments.get(ranked.get(i).docid());
            grades[i] = g == null ? UNJUDGED : g;
        }
        // negative grades mean "in the pool but unjudged" to trec_eval and count nowhere
        int[] judged = judgments.values().stream().mapToInt(Integer::intValue).filter(g -> g >= 0).sorted().toArray();
        for (int i = 0, j = judged.length - 1; i < j; i++, j--) {
            int t = judged[i];
            judged[i] = judged[j];
            judged[j] = t;
        }
        return new QueryRelevance(grades, judged);
    }

    int retrieved() {
        return gradeAtRank.length;
    }

    int gradeAt(int index) {
        return gradeAtRank[index];
    }

    /** The grade of the judged document at this position of the ideal ranking (0-based); 0 past the judged ones. */
    int idealGradeAt(int position) {
        return position < judgedGradesDescending.length ? judgedGradesDescending[position] : 0;
    }

    /** Judged documents with grade >= level (trec_eval's num_rel at -l level). */
    int relevant(int level) {
        int floor = Math.max(level, 0);
        int n = 0;
        while (n < judgedGradesDescending.length && judgedGradesDescending[n] >= floor) {
            n++;
        }
        return n;
    }

    @Override
    public String toString() {
        return "ranked " + Arrays.toString(gradeAtRank) + ", judged " + Arrays.toString(judgedGradesDescending);
    }
}
