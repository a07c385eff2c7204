package org.llmrerank.elasticsearch;

import java.io.IOException;
import java.util.List;
import org.elasticsearch.common.io.stream.StreamInput;
import org.elasticsearch.common.io.stream.StreamOutput;
import org.elasticsearch.common.io.stream.Writeable;
import org.llmrerank.rescorer.Strategy;
import org.llmrerank.rescorer.pipeline.RerankOptions;

/**
 * One search's rerank after the clause, the index settings and the cluster limits were combined and checked.
 *
 * @param queryText       the text to rerank for
 * @param maxPassageChars characters of a hit's field the model reads; longer texts are cut
 * @param options         what the rerank pipeline needs besides the query text and the window
 */
public record ResolvedClause(String queryText, int maxPassageChars, RerankOptions options) implements Writeable {

    public static ResolvedClause readFrom(StreamInput in) throws IOException {
        String queryText = in.readString();
        int maxChars = in.readVInt();
        RerankOptions o = new RerankOptions(in.readStringCollectionAsList(), in.readString(), in.readString(),
            Strategy.valueOf(in.readString()), Strategy.valueOf(in.readString()), in.readVInt(), in.readVInt(), in.readDouble(),
            in.readVLong());
        return new ResolvedClause(queryText, maxChars, o);
    }

    @Override
    public void writeTo(StreamOutput out) throws IOException {
        out.writeString(queryText);
        out.writeVInt(maxPassageChars);
        out.writeStringCollection(options.indices());
        out.writeString(options.model());
        out.writeString(options.field());
        out.writeString(options.requestedStrategy().name());
        out.writeString(options.strategy().name());
        out.writeVInt(options.windowSize());
        out.writeVInt(options.topK());
        out.writeDouble(options.flopsBudget());
        out.writeVLong(options.timeoutNanos());
    }

    /** The text field the model reads. */
    public String field() {
        return options.field();
    }

    /** How many merged first-stage hits the model reranks. */
    public int windowSize() {
        return options.windowSize();
    }

    /** The text the model reads of one hit's field values: joined by spaces, cut to {@link #maxPassageChars}; null if none. */
    public String passage(List<?> values) {
        if (values == null || values.isEmpty()) {
            return null;
        }
        StringBuilder sb = new StringBuilder();
        for (Object v : values) {
            if (v != null) {
                sb.append(sb.isEmpty() ? "" : " ").append(v);
            }
            if (sb.length() >= maxPassageChars) {
                break;
            }
        }
        return sb.length() > maxPassageChars ? sb.substring(0, maxPassageChars) : sb.toString();
    }
}
