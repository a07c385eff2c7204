package org.llmrerank.plugin;

import java.io.IOException;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import org.opensearch.core.common.ParsingException;
import org.opensearch.core.common.io.stream.StreamInput;
import org.opensearch.core.common.io.stream.StreamOutput;
import org.opensearch.core.xcontent.XContentBuilder;
import org.opensearch.core.xcontent.XContentParser;
import org.opensearch.search.SearchExtBuilder;

/**
 * {@code "ext": {"llm_rerank": {...}}} in a search response: what the rerank did for this query
 * (status reranked or fallback and why, strategy, FLOPs estimated and counted, model time). This is
 * the visible marker of a fallback: a search whose model failed still returns hits, in first-stage
 * order, and says so here.
 */
public final class RerankResponseExt extends SearchExtBuilder {

    public static final String NAME = LlmRerankRescorerBuilder.NAME;

    private final Map<String, Object> details;

    public RerankResponseExt(Map<String, Object> details) {
        this.details = Collections.unmodifiableMap(new LinkedHashMap<>(details));
    }

    public RerankResponseExt(StreamInput in) throws IOException {
        this(in.readMap());
    }

    /** Request-side parsing: the ext is written by the plugin, never by users. */
    public static RerankResponseExt fromXContent(XContentParser parser) {
        throw new ParsingException(parser.getTokenLocation(),
            "[ext." + NAME + "] is written by the plugin in search responses; configure reranking with the [rescore.llm_rerank] clause");
    }

    public Map<String, Object> details() {
        return details;
    }

    @Override
    public String getWriteableName() {
        return NAME;
    }

    @Override
    public void writeTo(StreamOutput out) throws IOException {
        out.writeMap(details);
    }

    @Override
    public XContentBuilder toXContent(XContentBuilder builder, Params params) throws IOException {
        return builder.field(NAME, details);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof RerankResponseExt other && details.equals(other.details);
    }

    @Override
    public int hashCode() {
        return Objects.hash(details);
    }
}
