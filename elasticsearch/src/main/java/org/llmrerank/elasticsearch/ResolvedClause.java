package org.llmrerank.elasticsearch;

import java.io.IOException;
import org.elasticsearch.common.io.stream.StreamInput;
import org.elasticsearch.common.io.stream.StreamOutput;
import org.elasticsearch.common.io.stream.Writeable;
import org.llmrerank.rescorer.Strategy;

/**
 * One search's rerank after the clause, the index settings and the cluster limits were combined and checked.
 *
 * @param field           the text field the model reads
 * @param queryText       the text to rerank for
 * @param windowSize      how many merged first-stage hits the model reranks
 * @param maxPassageChars characters of a hit's field the model reads; longer texts are cut
 */
public record ResolvedClause(String field, String queryText, int windowSize, int maxPassageChars, WindowReranker.Options options)
    implements Writeable {

    public static ResolvedClause readFrom(StreamInput in) throws IOException {
        String field = in.readString();
        String queryText = in.readString();
        int window = in.readVInt();
        int maxChars = in.readVInt();
        WindowReranker.Options o = new WindowReranker.Options(in.readString(), Strategy.valueOf(in.readString()), in.readDouble(),
            in.readVInt(), in.readVLong());
        return new ResolvedClause(field, queryText, window, maxChars, o);
    }

    @Override
    public void writeTo(StreamOutput out) throws IOException {
        out.writeString(field);
        out.writeString(queryText);
        out.writeVInt(windowSize);
        out.writeVInt(maxPassageChars);
        out.writeString(options.model());
        out.writeString(options.strategy().name());
        out.writeDouble(options.flopsBudget());
        out.writeVInt(options.topK());
        out.writeVLong(options.timeoutMillis());
    }

    /** The text the model reads of one hit's field values: joined by spaces, cut to {@link #maxPassageChars}; null if none. */
    public String passage(java.util.List<?> values) {
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
