package org.llmrerank.rest.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.llmrerank.rest.ApiException;

class EvalRequestTest {

    private static final EvalRequest.Limits LIMITS = new EvalRequest.Limits(5, 3);

    /** A stand-in for the engine's search parser: a body with "rerank" has the clause, one with "broken" does not parse. */
    static final SearchBodyParser<String> SEARCHES = body -> {
        if (body.containsKey("broken")) {
            throw new IllegalArgumentException("unknown query [no_such_query]");
        }
        return body.containsKey("rerank") ? Optional.of(new SearchBodyParser.Searches<>("reranked " + body.get("q"), "first " + body.get("q")))
            : Optional.empty();
    };

    private static Map<String, Object> body(Object... kv) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put((String) kv[i], kv[i + 1]);
        }
        return m;
    }

    private static Map<String, Object> entry(Object id, Map<String, Object> request) {
        return body("id", id, "request", request);
    }

    private static List<String> errors(Map<String, Object> body) {
        return errors(body, LIMITS);
    }

    private static List<String> errors(Map<String, Object> body, EvalRequest.Limits limits) {
        ApiException e = assertThrows(ApiException.class, () -> EvalRequest.parse(body, limits, SEARCHES));
        assertEquals(400, e.status());
        return e.messages();
    }

    @Test
    void aValidBodyGivesBothSearchesOfEachRequest() {
        EvalRequest<String> r = EvalRequest.parse(body("index", "dl19", "requests", List.of(entry("q1", body("rerank", true, "q", "fox"))),
            "qrels", Map.of("q1", Map.of("d1", 3))), LIMITS, SEARCHES);
        assertEquals("dl19", r.index());
        assertNull(r.idField());
        assertEquals(10, r.k(), "k defaults to 10");
        assertEquals(List.of(new EvalRequest.Query<>("q1", "reranked fox", "first fox")), r.queries());
        assertEquals(Map.of("d1", 3), r.qrels().of("q1"));
        EvalRequest<String> trec = EvalRequest.parse(body("index", "dl19", "id_field", "docid", "k", 5,
            "requests", List.of(entry(7, body("rerank", true))), "qrels_trec", "7 0 d1 1\n"), LIMITS, SEARCHES);
        assertEquals("docid", trec.idField());
        assertEquals(5, trec.k());
        assertEquals("7", trec.queries().get(0).id(), "a numeric id is the qrels' query id as text");
    }

    @Test
    void everyErrorOfTheBodyIsReportedAtOnce() {
        List<String> e = errors(body("bogus", 1, "k", 3.5, "id_field", "", "qrels", Map.of(), "qrels_trec", "x"));
        assertEquals(6, e.size(), e.toString());
        assertEquals("[bogus] is not a field of an eval request", e.get(0));
        assertTrue(e.get(1).startsWith("[index] is required"), e.get(1));
        assertTrue(e.get(2).startsWith("[id_field] must be the name of a field"), e.get(2));
        assertEquals("[k] must be a positive integer", e.get(3));
        assertTrue(e.get(4).startsWith("[qrels] give exactly one of [qrels]"), e.get(4));
        assertTrue(e.get(5).startsWith("[requests] is required: a non-empty array"), e.get(5));
    }

    @Test
    void kMustBeAPositiveIntegerWithinRange() {
        for (Object bad : new Object[] {0, -1, 3.5, 1e10, 10_000_000_000L, "10", true}) {
            List<String> e = errors(body("index", "i", "k", bad, "requests", List.of(entry("q1", body("rerank", true))),
                "qrels", Map.of("q1", Map.of("d1", 1))));
            assertEquals(List.of("[k] must be a positive integer"), e, "k = " + bad);
        }
    }

    @Test
    void everyBadRequestEntryIsNamedByItsPosition() {
        List<Object> requests = new ArrayList<>();
        requests.add(entry("q2", body("rerank", true)));        // not judged
        requests.add(body("request", body("rerank", true)));    // no id
        requests.add("not an object");
        requests.add(entry("q1", body("broken", true)));
        requests.add(entry("q1", null));
        requests.add(entry("q1", body("q", "no clause")));
        List<String> e = errors(body("index", "i", "requests", requests, "qrels", Map.of("q1", Map.of("d1", 1))), new EvalRequest.Limits(6, 3));
        assertEquals(List.of(
            "[requests][0][id] query [q2] has no judgments in the qrels",
            "[requests][1][id] is required",
            "[requests][2] must be an object {\"id\", \"request\"}",
            "[requests][3][request] is not a valid search body: unknown query [no_such_query]",
            "[requests][4][request] must be a search body",
            "[requests][5][request] has no [rescore.llm_rerank] clause to evaluate"), e);
        assertEquals(List.of("[requests] holds 6 requests; at most [plugins.llm_rerank.eval.max_requests=5] per call"),
            errors(body("index", "i", "requests", requests, "qrels", Map.of("q1", Map.of("d1", 1)))),
            "over the limit, the entries are not even read");
    }

    @Test
    void qrelsAreCheckedGradeByGrade() {
        List<String> e = errors(body("index", "i", "requests", List.of(entry("q1", body("rerank", true))),
            "qrels", body("q1", body("d1", "high", "d2", 1), "q3", "x")));
        assertEquals(List.of("[qrels][q1][d1] grade must be an integer", "[qrels][q3] must be an object docid -> grade"), e);
        List<String> over = errors(body("index", "i", "requests", List.of(entry("q1", body("rerank", true))),
            "qrels", body("q1", body("d1", 4, "d2", 9))));
        assertEquals(List.of("[qrels] query [q1] document [d1] has grade [4] (and 1 more); grades may be at most "
            + "[plugins.llm_rerank.eval.max_grade=3]"), over);
        assertEquals(List.of("[qrels] has no judgments"),
            errors(body("index", "i", "requests", List.of(entry("q1", body("rerank", true))), "qrels", Map.of())));
        assertTrue(errors(body("index", "i", "requests", List.of(entry("q1", body("rerank", true))), "qrels_trec", "q1 0 d1"))
            .get(0).startsWith("[qrels_trec] qrels_trec:1: expected 4 fields"));
        assertEquals(List.of("[qrels] must be an object, [qrels_trec] a string"),
            errors(body("index", "i", "requests", List.of(entry("q1", body("rerank", true))), "qrels", List.of())));
    }

    @Test
    void theTaskDescriptionNamesTheRequestCountAndTheIndex() {
        EvalRequest<String> eval = new EvalRequest<>("docs", "_id", 10, List.of(new EvalRequest.Query<>("q1", "r", "f")), null);
        assertEquals("llm_rerank eval of 1 requests on [docs]", eval.taskDescription());
    }
}
