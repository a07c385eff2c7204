package org.llmrerank.plugin;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.llmrerank.rescorer.FlopsBudget;
import org.llmrerank.rescorer.Strategy;
import org.opensearch.common.unit.TimeValue;
import org.opensearch.core.ParseField;
import org.opensearch.core.common.io.stream.StreamInput;
import org.opensearch.core.common.io.stream.StreamOutput;
import org.opensearch.core.xcontent.ObjectParser;
import org.opensearch.core.xcontent.XContentBuilder;
import org.opensearch.core.xcontent.XContentParser;
import org.opensearch.index.query.QueryRewriteContext;
import org.opensearch.index.query.QueryShardContext;
import org.opensearch.search.rescore.RescoreContext;
import org.opensearch.search.rescore.RescorerBuilder;

/**
 * The {@code llm_rerank} rescore clause.
 *
 * <pre>
 * "rescore": { "window_size": 100,
 *   "llm_rerank": { "model": "bge-small", "field": "text", "strategy": "auto",
 *                   "flops_budget": "5tf", "top_k": 10, "timeout": "2s", "query_text": "..." } }
 * </pre>
 *
 * Every parameter is optional here; missing ones come from the index settings
 * ({@code index.llm_rerank.*}) when the search is resolved. The values are kept as the user wrote
 * them so that the clause renders back unchanged; their syntax is checked at parse time and every
 * error is reported at once.
 *
 * <p>Where it runs: the clause never reaches a shard. {@link RerankActionFilter} takes it out of the
 * search on the coordinating node and reranks the merged global top {@code window_size}, which is
 * the only way setwise/listwise orders (and any window semantics) are independent of the shard
 * count. A shard that receives the clause anyway (cross-cluster search without
 * ccs_minimize_roundtrips) refuses it with a clear message rather than reranking a partial window.
 */
public class LlmRerankRescorerBuilder extends RescorerBuilder<LlmRerankRescorerBuilder> {

    public static final String NAME = "llm_rerank";
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

    public LlmRerankRescorerBuilder() {}

    public LlmRerankRescorerBuilder(StreamInput in) throws IOException {
        super(in);
        model = in.readOptionalString();
        field = in.readOptionalString();
        strategy = in.readOptionalString();
        flopsBudget = in.readOptionalString();
        topK = in.readOptionalVInt();
        timeout = in.readOptionalString();
        queryText = in.readOptionalString();
    }

    @Override
    protected void doWriteTo(StreamOutput out) throws IOException {
        out.writeOptionalString(model);
        out.writeOptionalString(field);
        out.writeOptionalString(strategy);
        out.writeOptionalString(flopsBudget);
        out.writeOptionalVInt(topK);
        out.writeOptionalString(timeout);
        out.writeOptionalString(queryText);
    }

    @Override
    public String getWriteableName() {
        return NAME;
    }

    private static final ObjectParser<LlmRerankRescorerBuilder, Void> PARSER = new ObjectParser<>(NAME, LlmRerankRescorerBuilder::new);

    static {
        PARSER.declareString(LlmRerankRescorerBuilder::model, MODEL);
        PARSER.declareString(LlmRerankRescorerBuilder::field, FIELD);
        PARSER.declareString(LlmRerankRescorerBuilder::strategy, STRATEGY);
        // "5tf" or a plain number of FLOPs
        PARSER.declareField(
            LlmRerankRescorerBuilder::flopsBudget,
            p -> p.currentToken() == XContentParser.Token.VALUE_NUMBER ? p.numberValue().toString() : p.text(),
            FLOPS_BUDGET,
            ObjectParser.ValueType.VALUE
        );
        PARSER.declareField(LlmRerankRescorerBuilder::topK, p -> wholeNumber(p, TOP_K), TOP_K, ObjectParser.ValueType.INT);
        PARSER.declareString(LlmRerankRescorerBuilder::timeout, TIMEOUT);
        PARSER.declareString(LlmRerankRescorerBuilder::queryText, QUERY_TEXT);
    }

    /**
     * An integer as written: 3.7 or 1e10 is refused rather than cut to 3 or to the int range. A string holding an integer
     * is accepted, as OpenSearch accepts it for its own integer parameters.
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

    public static LlmRerankRescorerBuilder fromXContent(XContentParser parser) {
        LlmRerankRescorerBuilder b = PARSER.apply(parser, null);
        ParsedClauses.noteParsed(b);
        List<String> errors = b.syntaxErrors();
        if (errors.isEmpty() == false) {
            throw new IllegalArgumentException("[" + NAME + "] " + String.join("; ", errors));
        }
        return b;
    }

    /** Every syntax error of the clause, each naming its field. Semantic checks need cluster state: see RerankRequestResolver. */
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
        if (timeout != null) {
            try {
                TimeValue t = TimeValue.parseTimeValue(timeout, null, TIMEOUT.getPreferredName());
                if (t.millis() <= 0) {
                    errors.add("[timeout] must be positive, got [" + timeout + "]");
                }
            } catch (RuntimeException e) {
                errors.add("[timeout] cannot parse [" + timeout + "]: use a time unit, e.g. 2s or 500ms");
            }
        }
        if (queryText != null && queryText.isBlank()) {
            errors.add("[query_text] must not be empty");
        }
        if (windowSize != null && windowSize < 1) {
            errors.add("[window_size] must be at least 1, got [" + windowSize + "]");
        }
        return errors;
    }

    @Override
    protected void doXContent(XContentBuilder builder, Params params) throws IOException {
        builder.startObject(NAME);
        if (model != null) builder.field(MODEL.getPreferredName(), model);
        if (field != null) builder.field(FIELD.getPreferredName(), field);
        if (strategy != null) builder.field(STRATEGY.getPreferredName(), strategy);
        if (flopsBudget != null) builder.field(FLOPS_BUDGET.getPreferredName(), flopsBudget);
        if (topK != null) builder.field(TOP_K.getPreferredName(), topK);
        if (timeout != null) builder.field(TIMEOUT.getPreferredName(), timeout);
        if (queryText != null) builder.field(QUERY_TEXT.getPreferredName(), queryText);
        builder.endObject();
    }

    @Override
    public RescorerBuilder<LlmRerankRescorerBuilder> rewrite(QueryRewriteContext ctx) {
        return this;
    }

    @Override
    protected RescoreContext innerBuildContext(int windowSize, QueryShardContext context) {
        throw new IllegalArgumentException(
            "[" + NAME + "] reranks the merged top hits on the coordinating node and cannot run on a shard; "
                + "for cross-cluster search set ccs_minimize_roundtrips=true"
        );
    }

    public LlmRerankRescorerBuilder model(String v) { this.model = v; return this; }
    public LlmRerankRescorerBuilder field(String v) { this.field = v; return this; }
    public LlmRerankRescorerBuilder strategy(String v) { this.strategy = v; return this; }
    public LlmRerankRescorerBuilder flopsBudget(String v) { this.flopsBudget = v; return this; }
    public LlmRerankRescorerBuilder topK(Integer v) { this.topK = v; return this; }
    public LlmRerankRescorerBuilder timeout(String v) { this.timeout = v; return this; }
    public LlmRerankRescorerBuilder queryText(String v) { this.queryText = v; return this; }

    public String model() { return model; }
    public String field() { return field; }
    public String strategy() { return strategy; }
    public String flopsBudget() { return flopsBudget; }
    public Integer topK() { return topK; }
    public String timeout() { return timeout; }
    public String queryText() { return queryText; }

    @Override
    public boolean equals(Object o) {
        if (super.equals(o) == false) return false;
        LlmRerankRescorerBuilder other = (LlmRerankRescorerBuilder) o;
        return Objects.equals(model, other.model)
            && Objects.equals(field, other.field)
            && Objects.equals(strategy, other.strategy)
            && Objects.equals(flopsBudget, other.flopsBudget)
            && Objects.equals(topK, other.topK)
            && Objects.equals(timeout, other.timeout)
            && Objects.equals(queryText, other.queryText);
    }

    @Override
    public int hashCode() {
        return Objects.hash(super.hashCode(), model, field, strategy, flopsBudget, topK, timeout, queryText);
    }
}
