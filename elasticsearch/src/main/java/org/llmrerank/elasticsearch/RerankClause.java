package org.llmrerank.elasticsearch;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;
import org.elasticsearch.common.io.stream.StreamInput;
import org.elasticsearch.common.io.stream.StreamOutput;
import org.elasticsearch.common.io.stream.Writeable;
import org.elasticsearch.core.TimeValue;
import org.elasticsearch.xcontent.AbstractObjectParser;
import org.elasticsearch.xcontent.ObjectParser;
import org.elasticsearch.xcontent.ParseField;
import org.elasticsearch.xcontent.XContentBuilder;
import org.elasticsearch.xcontent.XContentParser;
import org.llmrerank.rescorer.FlopsBudget;
import org.llmrerank.rescorer.Strategy;

/**
 * The options of an {@code llm_rerank} retriever or rescore clause as the user wrote them: {@code model}, {@code field},
 * {@code strategy}, {@code flops_budget}, {@code top_k}, {@code timeout}, {@code query_text}. Every one is optional here;
 * missing ones come from the index settings when the search is resolved ({@link ClauseResolver}). Values are kept as
 * written so that the clause renders back unchanged; their syntax is checked at parse time, every error at once.
 */
public final class RerankClause implements Writeable {

    public static final int DEFAULT_TOP_K = 10;

    static final ParseField MODEL = new ParseField("model");
    static final ParseField FIELD = new ParseField("field");
    static final ParseField STRATEGY = new ParseField("strategy");
    static final ParseField FLOPS_BUDGET = new ParseField("flops_budget");
    static final ParseField TOP_K = new ParseField("top_k");
    static final ParseField TIMEOUT = new ParseField("timeout");
    static final ParseField QUERY_TEXT = new ParseField("query_text");

    private String model;
    private String field;
    private String strategy;
    private String flopsBudget;
    private Integer topK;
    private String timeout;
    private String queryText;

    public RerankClause() {}

    public RerankClause(StreamInput in) throws IOException {
        model = in.readOptionalString();
        field = in.readOptionalString();
        strategy = in.readOptionalString();
        flopsBudget = in.readOptionalString();
        topK = in.readOptionalVInt();
        timeout = in.readOptionalString();
        queryText = in.readOptionalString();
    }

    @Override
    public void writeTo(StreamOutput out) throws IOException {
        out.writeOptionalString(model);
        out.writeOptionalString(field);
        out.writeOptionalString(strategy);
        out.writeOptionalString(flopsBudget);
        out.writeOptionalVInt(topK);
        out.writeOptionalString(timeout);
        out.writeOptionalString(queryText);
    }

    /** Declares the clause's fields on {@code parser}, whose objects hold their clause at {@code clauseOf}. */
    public static <T, C> void declareFields(AbstractObjectParser<T, C> parser, Function<T, RerankClause> clauseOf) {
        parser.declareString((t, v) -> clauseOf.apply(t).model = v, MODEL);
        parser.declareString((t, v) -> clauseOf.apply(t).field = v, FIELD);
        parser.declareString((t, v) -> clauseOf.apply(t).strategy = v, STRATEGY);
        // "5tf" or a plain number of FLOPs
        parser.declareField((t, v) -> clauseOf.apply(t).flopsBudget = v,
            (p, c) -> p.currentToken() == XContentParser.Token.VALUE_NUMBER ? p.numberValue().toString() : p.text(),
            FLOPS_BUDGET, ObjectParser.ValueType.VALUE);
        parser.declareField((t, v) -> clauseOf.apply(t).topK = v, (p, c) -> wholeNumber(p, TOP_K), TOP_K, ObjectParser.ValueType.INT);
        parser.declareString((t, v) -> clauseOf.apply(t).timeout = v, TIMEOUT);
        parser.declareString((t, v) -> clauseOf.apply(t).queryText = v, QUERY_TEXT);
    }

    /**
     * An integer as written: 3.7 or 1e10 is refused rather than cut to 3 or to the int range. A string holding an integer
     * is accepted, as Elasticsearch accepts it for its own integer parameters.
     */
    static Integer wholeNumber(XContentParser p, ParseField field) throws IOException {
        String text = p.text();
        if (p.currentToken() == XContentParser.Token.VALUE_NUMBER
            && (p.numberType() == XContentParser.NumberType.INT || p.numberType() == XContentParser.NumberType.LONG)) {
            long v = p.longValue();
            if (v >= Integer.MIN_VALUE && v <= Integer.MAX_VALUE) {
                return (int) v;
            }
        } else if (p.currentToken() == XContentParser.Token.VALUE_STRING) {
            try {
                return Integer.parseInt(text.trim());
            } catch (NumberFormatException e) {
                // reported below
            }
        }
        throw new IllegalArgumentException("[" + field.getPreferredName() + "] must be an integer, got [" + text + "]");
    }

    /** Every syntax error, each naming its field. Checks that need the cluster state are {@link ClauseResolver}'s. */
    public List<String> syntaxErrors() {
        List<String> errors = new ArrayList<>();
        if (model != null && model.isBlank()) {
            errors.add("[model] must not be empty");
        }
        if (field != null && field.isBlank()) {
            errors.add("[field] must not be empty");
        }
        if (strategy != null && Strategy.fromClauseName(strategy).isEmpty()) {
            errors.add("[strategy] unknown value [" + strategy + "]; expected one of [" + Strategy.allNames() + "]");
        }
        if (flopsBudget != null) {
            try {
                FlopsBudget.parse(flopsBudget);
            } catch (IllegalArgumentException e) {
                errors.add("[flops_budget] " + e.getMessage());
            }
        }
        if (topK != null && topK < 1) {
            errors.add("[top_k] must be at least 1, got [" + topK + "]");
        }
        if (timeout != null && parsedTimeout() == null) {
            errors.add("[timeout] must be a positive time with a unit, e.g. 2s or 500ms, got [" + timeout + "]");
        }
        if (queryText != null && queryText.isBlank()) {
            errors.add("[query_text] must not be empty");
        }
        return errors;
    }

    /** The clause's timeout, null when absent or not a positive time. */
    TimeValue parsedTimeout() {
        if (timeout == null) {
            return null;
        }
        try {
            TimeValue t = TimeValue.parseTimeValue(timeout, TIMEOUT.getPreferredName());
            return t.millis() > 0 ? t : null;
        } catch (RuntimeException e) {
            return null;
        }
    }

    /** Writes the fields that are set, as written, into the object {@code builder} is in. */
    public void toXContentFields(XContentBuilder builder) throws IOException {
        if (model != null) builder.field(MODEL.getPreferredName(), model);
        if (field != null) builder.field(FIELD.getPreferredName(), field);
        if (strategy != null) builder.field(STRATEGY.getPreferredName(), strategy);
        if (flopsBudget != null) builder.field(FLOPS_BUDGET.getPreferredName(), flopsBudget);
        if (topK != null) builder.field(TOP_K.getPreferredName(), topK);
        if (timeout != null) builder.field(TIMEOUT.getPreferredName(), timeout);
        if (queryText != null) builder.field(QUERY_TEXT.getPreferredName(), queryText);
    }

    public RerankClause model(String v) { this.model = v; return this; }
    public RerankClause field(String v) { this.field = v; return this; }
    public RerankClause strategy(String v) { this.strategy = v; return this; }
    public RerankClause flopsBudget(String v) { this.flopsBudget = v; return this; }
    public RerankClause topK(Integer v) { this.topK = v; return this; }
    public RerankClause timeout(String v) { this.timeout = v; return this; }
    public RerankClause queryText(String v) { this.queryText = v; return this; }

    public String model() { return model; }
    public String field() { return field; }
    public String strategy() { return strategy; }
    public String flopsBudget() { return flopsBudget; }
    public Integer topK() { return topK; }
    public String timeout() { return timeout; }
    public String queryText() { return queryText; }

    @Override
    public boolean equals(Object o) {
        if (this == o) return true;
        if (o instanceof RerankClause == false) return false;
        RerankClause other = (RerankClause) o;
        return Objects.equals(model, other.model) && Objects.equals(field, other.field) && Objects.equals(strategy, other.strategy)
            && Objects.equals(flopsBudget, other.flopsBudget) && Objects.equals(topK, other.topK) && Objects.equals(timeout, other.timeout)
            && Objects.equals(queryText, other.queryText);
    }

    @Override
    public int hashCode() {
        return Objects.hash(model, field, strategy, flopsBudget, topK, timeout, queryText);
    }
}
