package org.llmrerank.rest.eval;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.llmrerank.estimator.InputException;
import org.llmrerank.estimator.Qrels;
import org.llmrerank.estimator.QrelsReader;
import org.opensearch.action.ActionRequestValidationException;
import org.opensearch.common.xcontent.json.JsonXContent;
import org.opensearch.core.xcontent.DeprecationHandler;
import org.opensearch.core.xcontent.NamedXContentRegistry;
import org.opensearch.core.xcontent.XContentParser;
import org.opensearch.search.builder.SearchSourceBuilder;
import org.opensearch.search.rescore.RescorerBuilder;

/**
 * The body of {@code POST _plugins/_llm_rerank/_eval}, validated with every error reported at once:
 *
 * <pre>
 * {"index": "dl19", "id_field": "docid", "k": 10,
 *  "requests": [{"id": "156493", "request": {"query": ..., "rescore": {"window_size": 100, "llm_rerank": {...}}}}],
 *  "qrels": {"156493": {"7067032": 3, ...}}            (or "qrels_trec": "156493 0 7067032 3\n...")}
 * </pre>
 *
 * Each request is run twice, as written and without its llm_rerank rescorer (the first-stage baseline).
 */
public record EvalRequest(String index, String idField, int k, List<Query> queries, Qrels qrels) {

    public record Query(String id, SearchSourceBuilder reranked, SearchSourceBuilder firstStage) {}

    /** What one request may ask for (see {@link EvalSettings}). */
    public record Limits(int maxRequests, int maxGrade) {}

    static final String CLAUSE = "llm_rerank";

    @SuppressWarnings("unchecked")
    public static EvalRequest parse(Map<String, Object> body, NamedXContentRegistry registry, Limits limits) {
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
        List<Query> queries = new ArrayList<>();
        if (body.get("requests") instanceof List<?> list && list.size() > limits.maxRequests()) {
            errors.add("[requests] holds " + list.size() + " requests; at most [" + EvalSettings.MAX_REQUESTS.getKey() + "="
                + limits.maxRequests() + "] per call");
        } else if (body.get("requests") instanceof List<?> list && list.isEmpty() == false) {
            for (int i = 0; i < list.size(); i++) {
                parseQuery(list.get(i), i, registry, qrels, queries, errors);
            }
        } else {
            errors.add("[requests] is required: a non-empty array of {\"id\": qid, \"request\": search body}");
        }
        if (errors.isEmpty() == false) {
            ActionRequestValidationException v = new ActionRequestValidationException();
            errors.forEach(v::addValidationError);
            throw v;
        }
        return new EvalRequest(index, idField, k, queries, qrels);
    }

    @SuppressWarnings("unchecked")
    private static void parseQuery(Object item, int i, NamedXContentRegistry registry, Qrels qrels, List<Query> out, List<String> errors) {
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
        try (XContentParser p = JsonXContent.jsonXContent.createParser(registry, DeprecationHandler.THROW_UNSUPPORTED_OPERATION,
            org.opensearch.common.xcontent.XContentFactory.jsonBuilder().map((Map<String, Object>) request).toString())) {
            SearchSourceBuilder reranked = SearchSourceBuilder.fromXContent(p);
            List<RescorerBuilder> rescorers = reranked.rescores();
            if (rescorers == null || rescorers.stream().noneMatch(r -> CLAUSE.equals(r.getWriteableName()))) {
                errors.add(where + "[request] has no [rescore.llm_rerank] clause to evaluate");
                return;
            }
            SearchSourceBuilder firstStage = reranked.shallowCopy();
            firstStage.clearRescorers();
            rescorers.stream().filter(r -> CLAUSE.equals(r.getWriteableName()) == false).forEach(firstStage::addRescorer);
            out.add(new Query(id.toString(), reranked, firstStage));
        } catch (IOException | RuntimeException e) {
            errors.add(where + "[request] is not a valid search body: " + e.getMessage());
        }
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
                + EvalSettings.MAX_GRADE.getKey() + "=" + maxGrade + "]");
        }
    }

    private static Qrels qrelsFromObject(Map<String, Object> m, List<String> errors) {
        Map<String, Map<String, Integer>> judgments = new java.util.LinkedHashMap<>();
        for (Map.Entry<String, Object> q : m.entrySet()) {
            if (!(q.getValue() instanceof Map<?, ?> docs)) {
                errors.add("[qrels][" + q.getKey() + "] must be an object docid -> grade");
                continue;
            }
            Map<String, Integer> grades = new java.util.LinkedHashMap<>();
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
