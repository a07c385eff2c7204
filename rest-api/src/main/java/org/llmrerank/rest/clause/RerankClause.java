package org.llmrerank.rest.clause;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.llmrerank.rescorer.FlopsBudget;
import org.llmrerank.rescorer.Strategy;
import org.llmrerank.rest.ValidationErrors;

/**
 * The options of an {@code llm_rerank} clause (the OpenSearch rescore clause, the Elasticsearch retriever and rescore
 * clause) as the user wrote them. Every one is optional: a missing one comes from the searched indices' settings when
 * the search is resolved ({@link RerankClauseResolver}). Values stay as written so that the clause renders back unchanged;
 * {@link #validate} checks their syntax, every error at once.
 *
 * <p>Each {@code name(value)} method returns a copy with that option set, so that an engine's parser can fill the clause
 * one field at a time.
 */
public record RerankClause(String model, String field, String strategy, String flopsBudget, Integer topK, String timeout,
                           String queryText) {

    public static final String MODEL = "model";
    public static final String FIELD = "field";
    public static final String STRATEGY = "strategy";
    public static final String FLOPS_BUDGET = "flops_budget";
    public static final String TOP_K = "top_k";
    public static final String TIMEOUT = "timeout";
    public static final String QUERY_TEXT = "query_text";

    /** Positions that must be exact when the clause names none. */
    public static final int DEFAULT_TOP_K = 10;

    /** A clause with no option set. */
    public RerankClause() {
        this(null, null, null, null, null, null, null);
    }

    public RerankClause model(String v) { return new RerankClause(v, field, strategy, flopsBudget, topK, timeout, queryText); }
    public RerankClause field(String v) { return new RerankClause(model, v, strategy, flopsBudget, topK, timeout, queryText); }
    public RerankClause strategy(String v) { return new RerankClause(model, field, v, flopsBudget, topK, timeout, queryText); }
    public RerankClause flopsBudget(String v) { return new RerankClause(model, field, strategy, v, topK, timeout, queryText); }
    public RerankClause topK(Integer v) { return new RerankClause(model, field, strategy, flopsBudget, v, timeout, queryText); }
    public RerankClause timeout(String v) { return new RerankClause(model, field, strategy, flopsBudget, topK, v, queryText); }
    public RerankClause queryText(String v) { return new RerankClause(model, field, strategy, flopsBudget, topK, timeout, v); }

    /** Adds every syntax error, each naming its field, e.g. {@code [top_k] must be at least 1, got [0]}. */
    public void validate(ValidationErrors errors) {
        if (model != null && model.isBlank()) {
            errors.add(MODEL, "[model] must not be empty");
        }
        if (field != null && field.isBlank()) {
            errors.add(FIELD, "[field] must not be empty");
        }
        if (strategy != null && Strategy.fromClauseName(strategy).isEmpty()) {
            errors.add(STRATEGY, "[strategy] unknown value [" + strategy + "]; expected one of [" + Strategy.allNames() + "]");
        }
        if (flopsBudget != null) {
            try {
                FlopsBudget.parse(flopsBudget);
            } catch (IllegalArgumentException e) {
                errors.add(FLOPS_BUDGET, "[flops_budget] " + e.getMessage());
            }
        }
        if (topK != null && topK < 1) {
            errors.add(TOP_K, "[top_k] must be at least 1, got [" + topK + "]");
        }
        if (timeout != null) {
            try {
                if (TimeText.nanos(timeout) <= 0) {
                    errors.add(TIMEOUT, "[timeout] must be positive, got [" + timeout + "]");
                }
            } catch (IllegalArgumentException e) {
                errors.add(TIMEOUT, "[timeout] cannot parse [" + timeout + "]: use a time unit, e.g. 2s or 500ms");
            }
        }
        if (queryText != null && queryText.isBlank()) {
            errors.add(QUERY_TEXT, "[query_text] must not be empty");
        }
    }

    /** The messages of {@link #validate}, in order; empty when the clause is well formed. */
    public List<String> syntaxErrors() {
        ValidationErrors errors = new ValidationErrors();
        validate(errors);
        return errors.messages();
    }

    /**
     * What an engine's parser does with a clause it read: nothing when it is well formed.
     *
     * @throws IllegalArgumentException {@code [clauseName]} and every syntax error, which the engines answer with a 400
     */
    public void requireWellFormed(String clauseName) {
        List<String> errors = syntaxErrors();
        if (errors.isEmpty() == false) {
            throw new IllegalArgumentException("[" + clauseName + "] " + String.join("; ", errors));
        }
    }

    /** The clause's timeout in nanoseconds; null when it has none or none that {@link #validate} accepts. */
    public Long timeoutNanos() {
        if (timeout == null) {
            return null;
        }
        try {
            long nanos = TimeText.nanos(timeout);
            return nanos > 0 ? nanos : null;
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    /** The options that are set, by their JSON names, in the order the clause renders them. */
    public Map<String, Object> asWritten() {
        Map<String, Object> written = new LinkedHashMap<>();
        putIfSet(written, MODEL, model);
        putIfSet(written, FIELD, field);
        putIfSet(written, STRATEGY, strategy);
        putIfSet(written, FLOPS_BUDGET, flopsBudget);
        putIfSet(written, TOP_K, topK);
        putIfSet(written, TIMEOUT, timeout);
        putIfSet(written, QUERY_TEXT, queryText);
        return written;
    }

    private static void putIfSet(Map<String, Object> written, String name, Object value) {
        if (value != null) {
            written.put(name, value);
        }
    }

    /**
     * An integer option's value as the engine's parser read it ({@code text} of a number or a string): 3.7 or 1e10 is
     * refused rather than cut to 3 or to the int range, a string holding an integer is accepted, as both engines accept it
     * for their own integer parameters.
     *
     * @throws IllegalArgumentException naming {@code name}
     */
    public static int wholeNumber(String name, String text) {
        try {
            return Integer.parseInt(text.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("[" + name + "] must be an integer, got [" + text + "]", e);
        }
    }
}
