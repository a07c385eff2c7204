package org.llmrerank.rest.eval;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.llmrerank.estimator.InputException;
import org.llmrerank.estimator.Qrels;
import org.llmrerank.estimator.QrelsReader;
import org.llmrerank.rest.ApiException;

/**
 * The body of {@code POST _plugins/_llm_rerank/_eval}, validated with every error reported at once:
 *
 * <pre>
 * {"index": "dl19", "id_field": "docid", "k": 10,
 *  "requests": [{"id": "156493", "request": {"query": ..., "rescore": {"window_size": 100, "llm_rerank": {...}}}}],
 *  "qrels": {"156493": {"7067032": 3, ...}}            (or "qrels_trec": "156493 0 7067032 3\n...")}
 * </pre>
 *
 * Each request is run twice, as written and without its llm_rerank rescorer (the first-stage baseline). What a search
 * body is, and how it loses its rescorer, is the engine's ({@link SearchBodyParser}): {@code S} is its parsed form.
 */
public record EvalRequest<S>(String index, String idField, int k, List<Query<S>> queries, Qrels qrels) {

    public record Query<S>(String id, S reranked, S firstStage) {}

    /**
     * What one request may ask for: every judged request is two searches run one after another, so the number of
     * requests bounds its work; grades are bounded so that a qrels line cannot ask for an absurd gain. Both are cluster
     * settings an operator may raise, named in the messages.
     */
    public record Limits(int maxRequests, int maxGrade) {

        public static final String MAX_REQUESTS_SETTING = "plugins.llm_rerank.eval.max_requests";
        public static final String MAX_GRADE_SETTING = "plugins.llm_rerank.eval.max_grade";
        public static final int DEFAULT_MAX_REQUESTS = 1000;
        /** TREC uses 0..3. */
        public static final int DEFAULT_MAX_GRADE = 100;
    }

    /** How the evaluation shows in the task list, the same on every engine. */
    public String taskDescription() {
        return "llm_rerank eval of " + queries.size() + " requests on [" + index + "]";
    }

    /** @throws ApiException a 400 listing every error of the body, each naming its field */
    @SuppressWarnings("unchecked")
    public static <S> EvalRequest<S> parse(Map<String, Object> body, Limits limits, SearchBodyParser<S> searches) {
        List<String> errors = new ArrayList<>();
        for (String key : body.keySet()) {
            if (List.of("index", "id_field", "k", "requests", "qrels", "qrels_trec").contains(key) == false) {
                errors.add("[" + key + "] is not a field of an eval request");
            }
        }
        String index = body.get("index") instanceof String s && s.isBlank() == false ? s : null;
        if (index == null) {
            errors.add("[index] is required: the index (or pattern) the requests search");
        }
        String idField = body.get("id_field") instanceof String s && s.isBlank() == false ? s : null;
        if (body.get("id_field") != null && idField == null) {
            errors.add("[id_field] must be the name of a field holding the qrels' document ids (default: _id)");
        }
        int k = 10;
        if (body.containsKey("k")) {
            // integral and within int range: 3.5 or 1e10 must not turn into 3 or Integer.MAX_VALUE
            Object v = body.get("k");
            if ((v instanceof Integer || v instanceof Long || v instanceof Short) && ((Number) v).longValue() >= 1
                && ((Number) v).longValue() <= Integer.MAX_VALUE) {
                k = ((Number) v).intValue();
            } else {
                errors.add("[k] must be a positive integer");
            }
        }
        Qrels qrels = null;
        if (body.containsKey("qrels") == body.containsKey("qrels_trec")) {
            errors.add("[qrels] give exactly one of [qrels] (an object qid -> docid -> grade) or [qrels_trec] (TREC qrels text)");
        } else if (body.get("qrels_trec") instanceof String text) {
            try {
                qrels = QrelsReader.read(text, "qrels_trec");
            } catch (InputException e) {
                errors.add("[qrels_trec] " + e.getMessage());
            }
        } else if (body.get("qrels") instanceof Map<?, ?> m) {
            qrels = qrelsFromObject((Map<String, Object>) m, errors);
        } else {
            errors.add("[qrels] must be an object, [qrels_trec] a string");
        }
        if (qrels != null) {
            checkGrades(qrels, limits.maxGrade(), errors);
        }
        List<Query<S>> queries = new ArrayList<>();
        if (body.get("requests") instanceof List<?> list && list.size() > limits.maxRequests()) {
            errors.add("[requests] holds " + list.size() + " requests; at most [" + Limits.MAX_REQUESTS_SETTING + "="
                + limits.maxRequests() + "] per call");
        } else if (body.get("requests") instanceof List<?> list && list.isEmpty() == false) {
            for (int i = 0; i < list.size(); i++) {
                parseQuery(list.get(i), i, searches, qrels, queries, errors);
            }
        } else {
            errors.add("[requests] is required: a non-empty array of {\"id\": qid, \"request\": search body}");
        }
        if (errors.isEmpty() == false) {
            throw ApiException.badRequest(errors);
        }
        return new EvalRequest<>(index, idField, k, queries, qrels);
    }

    @SuppressWarnings("unchecked")
    private static <S> void parseQuery(Object item, int i, SearchBodyParser<S> searches, Qrels qrels, List<Query<S>> out,
                                       List<String> errors) {
        String where = "[requests][" + i + "]";
        if (!(item instanceof Map<?, ?> m)) {
            errors.add(where + " must be an object {\"id\", \"request\"}");
            return;
        }
        for (Object key : m.keySet()) {
            if (key.equals("id") == false && key.equals("request") == false) {
                errors.add(where + "[" + key + "] is not a field of a request entry {\"id\", \"request\"}");
            }
        }
        Object id = m.get("id");
        if (id == null) {
            errors.add(where + "[id] is required");
            return;
        }
        if (qrels != null && qrels.judged(id.toString()) == false) {
            errors.add(where + "[id] query [" + id + "] has no judgments in the qrels");
        }
        if (!(m.get("request") instanceof Map<?, ?> request)) {
            errors.add(where + "[request] must be a search body");
            return;
        }
        Optional<SearchBodyParser.Searches<S>> parsed;
        try {
            parsed = searches.parse((Map<String, Object>) request);
        } catch (Exception e) {
            errors.add(where + "[request] is not a valid search body: " + e.getMessage());
            return;
        }
        if (parsed.isEmpty()) {
            errors.add(where + "[request] has no [rescore.llm_rerank] clause to evaluate");
            return;
        }
        out.add(new Query<>(id.toString(), parsed.get().reranked(), parsed.get().firstStage()));
    }

    /** Grades above the limit, reported once with the first offender and how many there are. */
    private static void checkGrades(Qrels qrels, int maxGrade, List<String> errors) {
        String first = null;
        long over = 0;
        for (String qid : qrels.queryIds()) {
            for (Map.Entry<String, Integer> d : qrels.of(qid).entrySet()) {
                if (d.getValue() > maxGrade) {
                    over++;
                    if (first == null) {
                        first = "query [" + qid + "] document [" + d.getKey() + "] has grade [" + d.getValue() + "]";
                    }
                }
            }
        }
        if (first != null) {
            errors.add("[qrels] " + first + (over > 1 ? " (and " + (over - 1) + " more)" : "") + "; grades may be at most ["
                + Limits.MAX_GRADE_SETTING + "=" + maxGrade + "]");
        }
    }

    private static Qrels qrelsFromObject(Map<String, Object> m, List<String> errors) {
        Map<String, Map<String, Integer>> judgments = new LinkedHashMap<>();
        for (Map.Entry<String, Object> q : m.entrySet()) {
            if (!(q.getValue() instanceof Map<?, ?> docs)) {
                errors.add("[qrels][" + q.getKey() + "] must be an object docid -> grade");
                continue;
            }
            Map<String, Integer> grades = new LinkedHashMap<>();
            for (Map.Entry<?, ?> d : docs.entrySet()) {
                if (d.getValue() instanceof Integer g) {
                    grades.put(d.getKey().toString(), g);
                } else {
                    errors.add("[qrels][" + q.getKey() + "][" + d.getKey() + "] grade must be an integer");
                }
            }
            judgments.put(q.getKey(), grades);
        }
        if (judgments.isEmpty()) {
            errors.add("[qrels] has no judgments");
            return null;
        }
        return new Qrels(judgments);
    }
}
