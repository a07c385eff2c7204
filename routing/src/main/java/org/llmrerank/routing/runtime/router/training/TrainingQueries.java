package org.llmrerank.routing.runtime.router.training;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.llmrerank.estimator.QueryCandidates;
import org.llmrerank.estimator.TopicsReader;

/**
 * Training queries for label-free router training: real queries that are not in the evaluation run, each given a
 * candidate list by a first stage over the run's passages.
 *
 * <p>Why this source: routers of scope request read only the query, and 21 judged DL19 queries are too few examples
 * to learn which queries tolerate a shorter path (routers trained on qrels of 21 DL19 queries lost 0.033 NDCG@10 on
 * the 22 held out). The MS MARCO passage dev queries are the same kind of queries as DL19's (real Bing questions;
 * DL19's come from the MS MARCO test set, none are dev queries), and agreement with full depth needs no judgments.
 * The pool is small (4,300 passages on 43 topics), so many dev queries find nothing close: a floor on the best
 * first-stage score keeps those that do.
 */
public final class TrainingQueries {

    /** Candidates a training query gets from the first stage. */
    public static final int CANDIDATES = 100;

    /**
     * What was chosen and why the others were not.
     *
     * @param read        topics looked at (in file order, until enough were chosen)
     * @param overlapping topics that are evaluation queries (by id or by text)
     * @param weak        topics whose list was too short or whose best candidate scored under the floor
     */
    public record Selection(List<QueryCandidates> queries, int read, int overlapping, int weak) {}

    private TrainingQueries() {}

    /**
     * The first {@code n} topics, in file order, that are not queries of {@code run} (by id or by text) and whose
     * top {@value #CANDIDATES} from {@code firstStage} has at least {@code minHits} candidates and a best score of at
     * least {@code minScore}.
     */
    public static Selection select(List<TopicsReader.Topic> topics, List<QueryCandidates> run, int n, double minScore,
                                   int minHits, FirstStage firstStage) {
        Set<String> evalIds = new HashSet<>();
        Set<String> evalTexts = new HashSet<>();
        for (QueryCandidates q : run) {
            evalIds.add(q.qid());
            evalTexts.add(normalise(q.query()));
        }
        List<QueryCandidates> selected = new ArrayList<>();
        int overlapping = 0;
        int weak = 0;
        int read = 0;
        for (TopicsReader.Topic t : topics) {
            if (selected.size() >= n) {
                break;
            }
            read++;
            if (evalIds.contains(t.qid()) || evalTexts.contains(normalise(t.query()))) {
                overlapping++;
                continue;
            }
            QueryCandidates q = firstStage.search(t.qid(), t.query(), CANDIDATES);
            if (q.candidates().size() < minHits || q.candidates().get(0).score() < minScore) {
                weak++;
                continue;
            }
            selected.add(q);
        }
        return new Selection(selected, read, overlapping, weak);
    }

    private static String normalise(String query) {
        return query.trim().toLowerCase(Locale.ROOT).replaceAll("\\s+", " ");
    }
}
