package org.llmrerank.elasticsearch.eval;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;
import org.elasticsearch.common.Strings;
import org.elasticsearch.features.NodeFeature;
import org.elasticsearch.search.builder.SearchSourceBuilder;
import org.elasticsearch.search.rescore.RescorerBuilder;
import org.elasticsearch.xcontent.NamedXContentRegistry;
import org.elasticsearch.xcontent.XContentFactory;
import org.elasticsearch.xcontent.XContentParser;
import org.elasticsearch.xcontent.XContentParserConfiguration;
import org.elasticsearch.xcontent.json.JsonXContent;
import org.llmrerank.elasticsearch.rescore.LlmRerankRescorerBuilder;
import org.llmrerank.rest.eval.SearchBodyParser;

/**
 * An eval request's search bodies read as Elasticsearch reads a search body, with every parser the node knows; the
 * first-stage baseline is the same body without its {@code llm_rerank} rescorer (any other rescorer stays).
 */
public final class SearchSourceBodies implements SearchBodyParser<SearchSourceBuilder> {

    private final NamedXContentRegistry registry;
    private final Predicate<NodeFeature> clusterSupportsFeature;

    public SearchSourceBodies(NamedXContentRegistry registry, Predicate<NodeFeature> clusterSupportsFeature) {
        this.registry = registry;
        this.clusterSupportsFeature = clusterSupportsFeature;
    }

    @Override
    public Optional<Searches<SearchSourceBuilder>> parse(Map<String, Object> body) throws Exception {
        String json = Strings.toString(XContentFactory.jsonBuilder().map(body));
        try (XContentParser p = JsonXContent.jsonXContent.createParser(XContentParserConfiguration.EMPTY.withRegistry(registry), json)) {
            SearchSourceBuilder reranked = new SearchSourceBuilder().parseXContent(p, true, clusterSupportsFeature);
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
