package org.llmrerank.plugin.eval;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.llmrerank.plugin.LlmRerankRescorerBuilder;
import org.llmrerank.rest.eval.SearchBodyParser;
import org.opensearch.common.xcontent.XContentFactory;
import org.opensearch.common.xcontent.json.JsonXContent;
import org.opensearch.core.xcontent.DeprecationHandler;
import org.opensearch.core.xcontent.NamedXContentRegistry;
import org.opensearch.core.xcontent.XContentParser;
import org.opensearch.search.builder.SearchSourceBuilder;
import org.opensearch.search.rescore.RescorerBuilder;

/** An eval request's search bodies read as OpenSearch reads a search body, with every parser the node knows. */
public final class SearchSourceBodies implements SearchBodyParser<SearchSourceBuilder> {

    private final NamedXContentRegistry registry;

    public SearchSourceBodies(NamedXContentRegistry registry) {
        this.registry = registry;
    }

    @Override
    public Optional<Searches<SearchSourceBuilder>> parse(Map<String, Object> body) throws Exception {
        try (XContentParser p = JsonXContent.jsonXContent.createParser(registry, DeprecationHandler.THROW_UNSUPPORTED_OPERATION,
            XContentFactory.jsonBuilder().map(body).toString())) {
            SearchSourceBuilder reranked = SearchSourceBuilder.fromXContent(p);
            Optional<List<RescorerBuilder>> kept = SearchBodyParser.baselineRescorers(reranked.rescores(), SearchSourceBodies::isRerank);
            if (kept.isEmpty()) {
                return Optional.empty();
            }
            SearchSourceBuilder firstStage = reranked.shallowCopy();
            firstStage.clearRescorers();
            kept.get().forEach(firstStage::addRescorer);
            return Optional.of(new Searches<>(reranked, firstStage));
        }
    }

    private static boolean isRerank(RescorerBuilder<?> r) {
        return LlmRerankRescorerBuilder.NAME.equals(r.getWriteableName());
    }
}
