package org.llmrerank.elasticsearch;

import java.io.IOException;
import java.util.Map;
import java.util.function.BiConsumer;
import java.util.function.Function;
import org.elasticsearch.common.io.stream.StreamInput;
import org.elasticsearch.common.io.stream.StreamOutput;
import org.elasticsearch.xcontent.AbstractObjectParser;
import org.elasticsearch.xcontent.ObjectParser;
import org.elasticsearch.xcontent.ParseField;
import org.elasticsearch.xcontent.XContentBuilder;
import org.elasticsearch.xcontent.XContentParser;
import org.llmrerank.rest.clause.RerankClause;

/**
 * Elasticsearch's side of an {@code llm_rerank} clause: its fields on a parser, its JSON rendering and its wire format.
 * What the options mean and how they are checked is the engine-neutral {@link RerankClause}'s.
 */
public final class ClauseXContent {

    private ClauseXContent() {}

    /** Declares the clause's fields on {@code parser}, whose objects hold their clause at {@code get} and take a new one at {@code set}. */
    public static <T, C> void declareFields(AbstractObjectParser<T, C> parser, Function<T, RerankClause> get, BiConsumer<T, RerankClause> set) {
        parser.declareString((t, v) -> set.accept(t, get.apply(t).model(v)), new ParseField(RerankClause.MODEL));
        parser.declareString((t, v) -> set.accept(t, get.apply(t).field(v)), new ParseField(RerankClause.FIELD));
        parser.declareString((t, v) -> set.accept(t, get.apply(t).strategy(v)), new ParseField(RerankClause.STRATEGY));
        // "5tf" or a plain number of FLOPs
        parser.declareField((t, v) -> set.accept(t, get.apply(t).flopsBudget(v)),
            (p, c) -> p.currentToken() == XContentParser.Token.VALUE_NUMBER ? p.numberValue().toString() : p.text(),
            new ParseField(RerankClause.FLOPS_BUDGET), ObjectParser.ValueType.VALUE);
        parser.declareField((t, v) -> set.accept(t, get.apply(t).topK(v)), (p, c) -> RerankClause.wholeNumber(RerankClause.TOP_K, p.text()),
            new ParseField(RerankClause.TOP_K), ObjectParser.ValueType.INT);
        parser.declareString((t, v) -> set.accept(t, get.apply(t).timeout(v)), new ParseField(RerankClause.TIMEOUT));
        parser.declareString((t, v) -> set.accept(t, get.apply(t).queryText(v)), new ParseField(RerankClause.QUERY_TEXT));
    }

    /** Writes the options that are set, as written, into the object {@code builder} is in. */
    public static void toXContentFields(RerankClause clause, XContentBuilder builder) throws IOException {
        for (Map.Entry<String, Object> option : clause.asWritten().entrySet()) {
            builder.field(option.getKey(), option.getValue());
        }
    }

    public static RerankClause readFrom(StreamInput in) throws IOException {
        return new RerankClause(in.readOptionalString(), in.readOptionalString(), in.readOptionalString(), in.readOptionalString(),
            in.readOptionalVInt(), in.readOptionalString(), in.readOptionalString());
    }

    public static void writeTo(RerankClause clause, StreamOutput out) throws IOException {
        out.writeOptionalString(clause.model());
        out.writeOptionalString(clause.field());
        out.writeOptionalString(clause.strategy());
        out.writeOptionalString(clause.flopsBudget());
        out.writeOptionalVInt(clause.topK());
        out.writeOptionalString(clause.timeout());
        out.writeOptionalString(clause.queryText());
    }
}
