package org.llmrerank.routing.runtime.router.training;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.llmrerank.estimator.QueryCandidates;
import org.llmrerank.estimator.TopicsReader;

/** Which topics become training queries: none of the evaluation run's, none whose first stage finds too little. */
class TrainingQueriesTest {

    private static QueryCandidates.Candidate doc(String id, double score) {
        return new QueryCandidates.Candidate(id, score, "text of " + id);
    }

    private static final List<QueryCandidates> RUN = List.of(
            new QueryCandidates("q1", "flea dog", List.of(doc("a", 0), doc("b", 0))),
            new QueryCandidates("q2", "red sun", List.of(doc("d", 0), doc("e", 0))));

    /** Canned first-stage lists by query text; the k asked for is recorded. */
    private static final class Canned implements FirstStage {
        final Map<String, List<QueryCandidates.Candidate>> lists = Map.of(
                "blue", List.of(doc("c", 3.0)),
                "dog flea", List.of(doc("a", 4.0), doc("b", 1.0)),
                "cat red", List.of(doc("e", 2.5), doc("b", 2.0), doc("c", 0.5)),
                "flea red", List.of(doc("a", 1.5), doc("d", 1.0)));
        final List<Integer> asked = new ArrayList<>();

        @Override
        public QueryCandidates search(String qid, String query, int k) {
            asked.add(k);
            return new QueryCandidates(qid, query, lists.getOrDefault(query, List.of()));
        }
    }

    private static final List<TopicsReader.Topic> TOPICS = List.of(
            new TopicsReader.Topic("q1", "some other text"),   // an evaluation query id
            new TopicsReader.Topic("9", "  RED   sun "),        // an evaluation query's text
            new TopicsReader.Topic("10", "blue"),               // one hit
            new TopicsReader.Topic("11", "dog flea"),
            new TopicsReader.Topic("12", "cat red"),
            new TopicsReader.Topic("13", "flea red"));

    @Test
    void selectionSkipsEvaluationQueriesAndWeakOrShortLists() {
        Canned firstStage = new Canned();
        TrainingQueries.Selection s = TrainingQueries.select(TOPICS, RUN, 2, 0, 2, firstStage);
        assertEquals(List.of("11", "12"), s.queries().stream().map(QueryCandidates::qid).toList());
        assertEquals("cat red", s.queries().get(1).query());
        assertEquals(List.of("e", "b", "c"), s.queries().get(1).candidates().stream().map(QueryCandidates.Candidate::docid).toList());
        assertEquals(5, s.read());
        assertEquals(2, s.overlapping());
        assertEquals(1, s.weak());
        assertEquals(List.of(TrainingQueries.CANDIDATES, TrainingQueries.CANDIDATES, TrainingQueries.CANDIDATES), firstStage.asked,
                "evaluation queries are never searched");
    }

    @Test
    void aScoreFloorAboveEveryListKeepsNone() {
        TrainingQueries.Selection s = TrainingQueries.select(TOPICS, RUN, 2, 100, 1, new Canned());
        assertEquals(List.of(), s.queries());
        assertEquals(6, s.read());
        assertEquals(2, s.overlapping());
        assertEquals(4, s.weak());
        // a floor of 2.5 keeps the lists whose best candidate reaches it
        assertEquals(List.of("10", "11", "12"), TrainingQueries.select(TOPICS, RUN, 5, 2.5, 1, new Canned()).queries().stream()
                .map(QueryCandidates::qid).toList());
    }
}
