package org.llmrerank.elasticsearch;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Locale;
import java.util.Map;
import org.elasticsearch.common.Strings;
import org.elasticsearch.xcontent.XContentBuilder;
import org.elasticsearch.xcontent.json.JsonXContent;

/**
 * The HTTP response header that carries a search's rerank details on Elasticsearch: the details object as compact
 * JSON on one line, ASCII only (characters past it escaped as JSON {@code \\uXXXX}), so any HTTP client reads it.
 */
public final class DetailsHeader {

    /**
     * One value per reranked search of the request: an {@code _msearch} gets one per search, in no fixed order, and
     * Elasticsearch keeps identical values of one header once.
     */
    public static final String NAME = "X-Llm-Rerank";

    private DetailsHeader() {}

    public static String value(Map<String, Object> details) {
        try (XContentBuilder b = JsonXContent.contentBuilder()) {
            b.map(details);
            return asciiOnly(Strings.toString(b));
        } catch (IOException e) {
            throw new UncheckedIOException(e); // in memory: cannot happen
        }
    }

    /** JSON strings may hold any character escaped; JSON already escapes control characters, so no line break remains. */
    static String asciiOnly(String json) {
        StringBuilder out = new StringBuilder(json.length());
        for (int i = 0; i < json.length(); i++) {
            char c = json.charAt(i);
            if (c < 0x20 || c > 0x7e) {
                out.append(String.format(Locale.ROOT, "\\u%04x", (int) c));
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }
}
