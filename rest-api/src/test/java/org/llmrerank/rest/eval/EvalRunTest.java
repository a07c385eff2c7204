package org.llmrerank.rest.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executor;
import org.junit.jupiter.api.Test;
import org.llmrerank.estimator.Qrels;
import org.llmrerank.rest.eval.SearchAnswer.Hit;

class EvalRunTest {

    /** Runs queued work when the test says so: each query's start is visible, and nothing runs on another thread. */
    private static final class QueuedExecutor implements Executor {
        final Deque<Runnable> queue = new ArrayDeque<>();
        int started;

        @Override
        public void execute(Runnable r) {
            queue.add(r);
        }

        void drain() {
            while (queue.isEmpty() == false) {
                started++;
                queue.poll().run();
            }
        }
    }

    /** The engine's searches, answered at once on the calling thread, from fixed rankings per search body. */
    private static final class FakeSearch implements EvalRun.JudgedSearch<String> {
        final Map<String, SearchAnswer> answers = new HashMap<>();
        final List<String> ran = new ArrayList<>();

        @Override
        public void search(String index, String source, Callback<SearchAnswer> callback) {
            ran.add(index + ":" + source);
            SearchAnswer a = answers.get(source);
            if (a == null) {
                callback.onFailure(new IllegalStateException("no such index [" + index + "]"));
            } else {
                callback.onResponse(a);
            }
        }

        void answer(String source, Map<String, Object> details, String... ids) {
            List<Hit> hits = new ArrayList<>();
            for (int i = 0; i < ids.length; i++) {
                String id = ids[i];
                hits.add(new Hit("_" + id, ids.length - i, () -> Map.of("docid", id)));
            }
            answers.put(source, new SearchAnswer(hits, details));
        }
    }

    private static final class Result implements Callback<Map<String, Object>> {
        Map<String, Object> report;
        Exception failure;

        @Override
        public void onResponse(Map<String, Object> value) {
            report = value;
        }

        @Override
        public void onFailure(Exception e) {
            failure = e;
        }
    }

    private static final class Cancelled implements EvalRun.Cancellation {
        String reason;

        @Override
        public String reason() {
            return reason;
        }

        @Override
        public Exception exception(String message) {
            return new IllegalStateException(message);
        }
    }

    private static final Qrels QRELS = new Qrels(Map.of("q1", Map.of("d1", 3, "d2", 0, "d3", 2), "q2", Map.of("d1", 2)));

    private static Map<String, Object> details(String status, double flops, Double counted) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("status", status);
        m.put("flops_estimated", flops);
        m.put("flops_counted", counted);
        return m;
    }

    private static EvalRequest<String> request(String idField) {
        return new EvalRequest<>("dl19", idField, 10, List.of(new EvalRequest.Query<>("q1", "r1", "f1"), new EvalRequest.Query<>("q2", "r2", "f2")),
            QRELS);
    }

    private static FakeSearch twoQueries() {
        FakeSearch search = new FakeSearch();
        search.answer("f1", Map.of(), "d2", "d3", "d1");
        search.answer("r1", details("reranked", 2e12, null), "d1", "d3", "d2");
        search.answer("f2", Map.of(), "d1");
        search.answer("r2", details("fallback", 4e12, null), "d1");
        return search;
    }

    @Test
    @SuppressWarnings("unchecked")
    void eachRequestIsJudgedBeforeAndAfterTheRerankAndOnlyRerankedOnesAreRecorded() {
        FakeSearch search = twoQueries();
        QueuedExecutor executor = new QueuedExecutor();
        List<double[]> recorded = new ArrayList<>();
        Result result = new Result();
        new EvalRun<>(request("docid"), search, executor, new Cancelled(), (ndcg, flops) -> recorded.add(new double[] {ndcg, flops}), result)
            .start();
        assertNull(result.report, "nothing runs before the executor starts it");
        executor.drain();
        assertNull(result.failure);
        assertEquals(3, executor.started, "each query, and the report, on a fresh start of the executor");
        assertEquals(List.of("dl19:f1", "dl19:r1", "dl19:f2", "dl19:r2"), search.ran);
        Map<String, Object> r = result.report;
        assertEquals(List.of("queries", "relevance_level", "first_stage", "reranked", "pflops_per_query_estimated", "pflops_per_query_counted",
            "rpp", "qpp", "fallbacks", "skipped", "per_query"), List.copyOf(r.keySet()));
        assertEquals(2, r.get("queries"));
        assertEquals(2, r.get("relevance_level"));
        // q1 reranked into the ideal order; q2 has one relevant document, first either way
        Map<String, Object> reranked = (Map<String, Object>) r.get("reranked");
        assertEquals(List.of("ndcg@10", "mrr@10", "map"), List.copyOf(reranked.keySet()));
        assertEquals(1.0, (double) reranked.get("ndcg@10"), 1e-12);
        assertEquals(1.0, (double) reranked.get("mrr@10"), 1e-12);
        Map<String, Object> first = (Map<String, Object>) r.get("first_stage");
        assertEquals((0.5 + 1.0) / 2, (double) first.get("mrr@10"), 1e-12, "q1's first relevant document (grade >= 2) was second");
        assertEquals(((1 / 2.0 + 2 / 3.0) / 2 + 1.0) / 2, (double) first.get("map"), 1e-12);
        assertEquals(0.003, (double) r.get("pflops_per_query_estimated"), 1e-15);
        assertNull(r.get("pflops_per_query_counted"), "not every query was counted");
        assertEquals(1e15 / 3e12, (double) r.get("qpp"), 1e-9);
        assertEquals(1.0 / 0.003, (double) r.get("rpp"), 1e-9);
        assertEquals(1L, r.get("fallbacks"));
        assertEquals(0L, r.get("skipped"));
        List<Map<String, Object>> perQuery = (List<Map<String, Object>>) r.get("per_query");
        assertEquals(List.of("id", "first_stage", "reranked", "status", "flops_estimated", "flops_counted"), List.copyOf(perQuery.get(0).keySet()));
        assertEquals("fallback", perQuery.get(1).get("status"));
        assertEquals(1, recorded.size(), "the fallback is no judged rerank");
        assertEquals(1.0, recorded.get(0)[0], 1e-12);
        assertEquals(2e12, recorded.get(0)[1]);
    }

    @Test
    void hitsAreJudgedUnderTheirIdOrTheIdField() {
        FakeSearch search = new FakeSearch();
        search.answer("f1", Map.of(), "d1");
        search.answer("r1", details("reranked", 1e12, 1.5e12), "d1");
        search.answer("f2", Map.of(), "d1");
        search.answer("r2", details("reranked", 1e12, 0.5e12), "d1");
        QueuedExecutor executor = new QueuedExecutor();
        Result byId = new Result();
        new EvalRun<>(request(null), search, executor, new Cancelled(), (n, f) -> {}, byId).start();
        executor.drain();
        // under _id the hits are "_d1", which the qrels do not judge
        assertEquals(0.0, (double) ((Map<?, ?>) byId.report.get("reranked")).get("ndcg@10"), 1e-12);
        assertEquals(0.001, (double) byId.report.get("pflops_per_query_counted"), 1e-15, "every query counted: their mean");
        Result byField = new Result();
        new EvalRun<>(request("docid"), search, executor, new Cancelled(), (n, f) -> {}, byField).start();
        executor.drain();
        // under docid they are d1: q2's one relevant document in first place, q1's best of two
        assertTrue((double) ((Map<?, ?>) byField.report.get("reranked")).get("ndcg@10") > 0.5, byField.report.toString());
    }

    @Test
    void aCancelledEvaluationStopsBetweenRequests() {
        FakeSearch search = twoQueries();
        QueuedExecutor executor = new QueuedExecutor();
        Cancelled cancellation = new Cancelled();
        Result result = new Result();
        new EvalRun<>(request("docid"), search, executor, cancellation, (n, f) -> {}, result).start();
        executor.queue.poll().run(); // the first request
        cancellation.reason = "channel closed";
        executor.drain();
        assertNull(result.report);
        assertEquals("[_eval] cancelled after 1 of 2 requests: channel closed", result.failure.getMessage());
        assertEquals(List.of("dl19:f1", "dl19:r1"), search.ran);
    }

    @Test
    void aFailedSearchFailsTheEvaluation() {
        FakeSearch search = twoQueries();
        search.answers.remove("r2");
        QueuedExecutor executor = new QueuedExecutor();
        Result result = new Result();
        new EvalRun<>(request("docid"), search, executor, new Cancelled(), (n, f) -> {}, result).start();
        executor.drain();
        assertNull(result.report);
        assertEquals("no such index [dl19]", result.failure.getMessage());
    }

    @Test
    void anExecutorThatRefusesFailsTheEvaluation() {
        RuntimeException refused = new RuntimeException("shutting down");
        Result result = new Result();
        new EvalRun<>(request("docid"), twoQueries(), r -> {
            throw refused;
        }, new Cancelled(), (n, f) -> {}, result).start();
        assertSame(refused, result.failure);
    }

    @Test
    void searchesThatAnswerOnTheCallingThreadDoNotDeepenTheStack() {
        int n = 20_000;
        List<EvalRequest.Query<String>> queries = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            queries.add(new EvalRequest.Query<>("q2", "r2", "f2"));
        }
        QueuedExecutor executor = new QueuedExecutor();
        Result result = new Result();
        new EvalRun<>(new EvalRequest<>("dl19", "docid", 10, queries, QRELS), twoQueries(), executor, new Cancelled(), (a, b) -> {}, result)
            .start();
        executor.drain();
        assertNull(result.failure);
        assertEquals(n, result.report.get("queries"));
        assertTrue(executor.started == n + 1);
    }
}
