package org.llmrerank.plugin;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.llmrerank.rest.clause.TextFieldMapping;
import org.llmrerank.rescorer.FlopsBudget;
import org.llmrerank.rescorer.Strategy;
import org.opensearch.action.ActionRequestValidationException;
import org.opensearch.action.search.SearchRequest;
import org.opensearch.cluster.ClusterState;
import org.opensearch.cluster.metadata.IndexMetadata;
import org.opensearch.cluster.metadata.IndexNameExpressionResolver;
import org.opensearch.cluster.metadata.MappingMetadata;
import org.opensearch.common.settings.Setting;
import org.opensearch.common.settings.Settings;
import org.opensearch.common.unit.TimeValue;
import org.opensearch.index.query.BoolQueryBuilder;
import org.opensearch.index.query.MatchPhraseQueryBuilder;
import org.opensearch.index.query.MatchQueryBuilder;
import org.opensearch.index.query.MultiMatchQueryBuilder;
import org.opensearch.index.query.QueryBuilder;
import org.opensearch.index.query.QueryStringQueryBuilder;
import org.opensearch.index.query.SimpleQueryStringBuilder;
import org.opensearch.search.builder.SearchSourceBuilder;
import org.opensearch.search.fetch.subphase.FetchSourceContext;
import org.opensearch.search.rescore.RescorerBuilder;
import org.opensearch.search.sort.ScoreSortBuilder;

/**
 * Turns a search with an {@code llm_rerank} clause into a {@link ResolvedRerank}, or rejects it with
 * every problem at once (a 400 whose lines each name the offending field), in the manner of
 * Elasticsearch's inference settings validation. Reads only cluster state: never loads a model.
 */
public final class RerankRequestResolver {

    /** Field types whose value is text the model can read. */

    private final IndexNameExpressionResolver indexResolver;
    private final RerankModelProvider models;

    public RerankRequestResolver(IndexNameExpressionResolver indexResolver, RerankModelProvider models) {
        this.indexResolver = indexResolver;
        this.models = models;
    }

    /** The clause when the search carries one, else null. */
    public static LlmRerankRescorerBuilder findClause(SearchRequest request) {
        SearchSourceBuilder source = request.source();
        if (source == null || source.rescores() == null) {
            return null;
        }
        for (RescorerBuilder<?> r : source.rescores()) {
            if (r instanceof LlmRerankRescorerBuilder b) {
                return b;
            }
        }
        return null;
    }

    public ResolvedRerank resolve(SearchRequest request, ClusterState state, SearchLimits limits) {
        int maxWindow = limits.maxWindow();
        List<String> errors = new ArrayList<>();
        SearchSourceBuilder source = request.source();
        List<RescorerBuilder> rescorers = source.rescores();
        LlmRerankRescorerBuilder clause = findClause(request);
        errors.addAll(clause.syntaxErrors().stream().map(e -> "[llm_rerank]" + e).toList());

        long clauses = rescorers.stream().filter(r -> r instanceof LlmRerankRescorerBuilder).count();
        if (clauses > 1) {
            errors.add("[rescore] only one [llm_rerank] rescorer is allowed per search, got " + clauses);
        } else if (rescorers.get(rescorers.size() - 1) != clause) {
            errors.add("[rescore] [llm_rerank] must be the last rescorer: it reorders the merged hits after every shard-level rescorer");
        }
        if (request.scroll() != null) {
            errors.add("[scroll] cannot be combined with [llm_rerank]: the rerank needs the whole window at once");
        }
        if (source.sorts() != null && source.sorts().stream().anyMatch(s -> (s instanceof ScoreSortBuilder) == false)) {
            errors.add("[sort] cannot be combined with [rescore]: only the default _score sort is allowed");
        }
        if (source.collapse() != null) {
            errors.add("[collapse] cannot be combined with [llm_rerank]");
        }
        if (source.storedFields() != null && source.storedFields().fetchFields() == false) {
            errors.add("[stored_fields] [_none_] cannot be combined with [llm_rerank]: it turns off _source, where the model reads its field");
        }
        int from = Math.max(0, source.from());
        int size = source.size() < 0 ? 10 : source.size();
        long pageEnd = (long) from + size;
        if (pageEnd > Integer.MAX_VALUE) {
            errors.add("[size] [from] + [size] = " + pageEnd + " is past the largest result window [" + Integer.MAX_VALUE + "]");
        }

        int window = clause.windowSize() == null ? RescorerBuilder.DEFAULT_WINDOW_SIZE : clause.windowSize();
        if (window > maxWindow) {
            errors.add("[rescore.window_size] [" + window + "] is above the cluster limit [" + LlmRerankSettings.MAX_WINDOW_SIZE.getKey()
                + "=" + maxWindow + "]");
        }

        String[] indices = indexResolver.concreteIndexNames(state, request);
        List<IndexMetadata> metas = Arrays.stream(indices).map(i -> state.metadata().index(i)).filter(m -> m != null).toList();

        String model = pick(clause.model(), metas, LlmRerankSettings.INDEX_MODEL, "model", errors);
        String field = pick(clause.field(), metas, LlmRerankSettings.INDEX_FIELD, "field", errors);
        String strategyName = pick(clause.strategy(), metas, LlmRerankSettings.INDEX_STRATEGY, "strategy", errors);
        String budgetText = pick(clause.flopsBudget(), metas, LlmRerankSettings.INDEX_FLOPS_BUDGET, "flops_budget", errors);

        if (model == null) {
            errors.add("[llm_rerank.model] is required: name it in the clause or set [index.llm_rerank.model]");
        } else if (models.strategiesOf(model).isEmpty()) {
            errors.add("[llm_rerank.model] unknown model [" + model + "]; available: " + models.names());
        }
        if (field == null) {
            errors.add("[llm_rerank.field] is required: name it in the clause or set [index.llm_rerank.field]");
        } else {
            for (IndexMetadata m : metas) {
                checkField(m, field, errors);
            }
        }

        Strategy requested = strategyName == null ? Strategy.AUTO : Strategy.fromClauseName(strategyName).orElse(null);
        Strategy strategy = null;
        if (requested != null && model != null && models.strategiesOf(model).isEmpty() == false) {
            strategy = chooseStrategy(requested, model, errors);
        }

        double budget = Double.POSITIVE_INFINITY;
        if (budgetText != null && budgetText.isEmpty() == false) {
            try {
                budget = FlopsBudget.parse(budgetText);
            } catch (IllegalArgumentException e) {
                // the clause's own syntax error is already listed; this one comes from an index setting
                if (clause.flopsBudget() == null) {
                    errors.add("[index.llm_rerank.flops_budget] " + e.getMessage());
                }
            }
        }

        String queryText = clause.queryText() != null ? clause.queryText() : queryTextOf(source.query());
        if (queryText == null) {
            errors.add("[llm_rerank.query_text] is required when the query is not a single match, match_phrase, multi_match, "
                + "query_string or simple_query_string query");
        } else if (queryText.isBlank()) {
            errors.add("[llm_rerank.query_text] the text to rerank for is empty");
        } else if (queryText.length() > limits.maxQueryChars()) {
            errors.add("[llm_rerank.query_text] the text to rerank for has " + queryText.length() + " characters; at most ["
                + LlmRerankSettings.MAX_QUERY_CHARS.getKey() + "=" + limits.maxQueryChars() + "]");
        }

        TimeValue timeout = limits.defaultTimeout();
        if (clause.timeout() != null) {
            try {
                timeout = TimeValue.parseTimeValue(clause.timeout(), null, "timeout");
            } catch (RuntimeException e) {
                // already reported as a syntax error
            }
        }

        if (errors.isEmpty() == false) {
            ActionRequestValidationException v = new ActionRequestValidationException();
            errors.forEach(v::addValidationError);
            throw v;
        }

        SearchSourceBuilder firstStageSource = source.shallowCopy();
        firstStageSource.clearRescorers();
        rescorers.stream().filter(r -> r != clause).forEach(firstStageSource::addRescorer);
        firstStageSource.from(0);
        // size 0 (aggregations only): nothing to rerank, so fetch nothing
        firstStageSource.size(size == 0 ? 0 : Math.max(window, from + size));
        // stored_fields without _source returns no _source: that is what the user gets back, whatever the model read
        FetchSourceContext userSource = source.fetchSource() == null && source.storedFields() != null
            ? FetchSourceContext.DO_NOT_FETCH_SOURCE : source.fetchSource();
        FetchSourceContext needed = withField(userSource, field);
        firstStageSource.fetchSource(needed);
        SearchRequest firstStage = new SearchRequest(request).source(firstStageSource);
        boolean explain = Boolean.TRUE.equals(source.explain());
        int topK = clause.topK() == null ? LlmRerankRescorerBuilder.DEFAULT_TOP_K : clause.topK();
        return new ResolvedRerank(List.of(indices), firstStage, from, size, window, userSource, needed != userSource, model, field, requested, strategy,
            budget, topK, timeout, queryText, explain, limits.maxPassageChars());
    }

    /** The clause value, else the index setting; all searched indices must agree on it. */
    private static String pick(String clauseValue, List<IndexMetadata> metas, Setting<String> setting, String name, List<String> errors) {
        if (clauseValue != null) {
            return clauseValue;
        }
        Map<String, List<String>> byValue = metas.stream()
            .collect(Collectors.groupingBy(m -> setting.get(m.getSettings()), Collectors.mapping(m -> m.getIndex().getName(), Collectors.toList())));
        byValue.remove("");
        if (byValue.size() > 1) {
            errors.add("[llm_rerank." + name + "] is not in the clause and the searched indices disagree on [" + setting.getKey() + "]: " + byValue
                + "; name it in the clause");
            return null;
        }
        if (byValue.isEmpty()) {
            String fallback = setting.getDefault(Settings.EMPTY); // "" = no default
            return fallback.isEmpty() ? null : fallback;
        }
        return byValue.keySet().iterator().next();
    }

    /**
     * {@code auto} stays {@code auto}: the rescorer's chooser decides per query, from the real token counts and the
     * budget, on the inference thread. {@code pointwise} resolves to the model's pointwise method.
     */
    private Strategy chooseStrategy(Strategy requested, String model, List<String> errors) {
        Set<Strategy> supported = models.strategiesOf(model);
        if (requested == Strategy.AUTO) {
            return Strategy.AUTO;
        }
        if (requested == Strategy.POINTWISE) {
            return supported.stream().filter(Strategy::isPointwise).filter(s -> s != Strategy.POINTWISE).findFirst()
                .orElse(supported.iterator().next());
        }
        if (supported.contains(requested) == false) {
            errors.add("[llm_rerank.strategy] [" + requested + "] is not supported by model [" + model + "], which supports "
                + supported.stream().map(Strategy::clauseName).sorted().toList());
            return null;
        }
        return requested;
    }

    static void checkField(IndexMetadata meta, String field, List<String> errors) {
        String index = meta.getIndex().getName();
        MappingMetadata mapping = meta.mapping();
        Map<String, Object> root = TextFieldMapping.root(mapping == null ? null : mapping.sourceAsMap());
        if (root.get("_source") instanceof Map<?, ?> src && Boolean.FALSE.equals(src.get("enabled"))) {
            errors.add("[llm_rerank.field] index [" + index + "] does not keep _source, so the model cannot read [" + field + "]");
            return;
        }
        TextFieldMapping.check(root, index, field, "llm_rerank", errors);
    }

    /** The query's text when the query is a single text query (possibly the only scoring clause of a bool). */
    static String queryTextOf(QueryBuilder q) {
        if (q instanceof MatchQueryBuilder m) return String.valueOf(m.value());
        if (q instanceof MatchPhraseQueryBuilder m) return String.valueOf(m.value());
        if (q instanceof MultiMatchQueryBuilder m) return String.valueOf(m.value());
        if (q instanceof QueryStringQueryBuilder m) return m.queryString();
        if (q instanceof SimpleQueryStringBuilder m) return m.value();
        if (q instanceof BoolQueryBuilder b) {
            List<QueryBuilder> scoring = new ArrayList<>(b.must());
            scoring.addAll(b.should());
            if (scoring.size() == 1) {
                return queryTextOf(scoring.get(0));
            }
        }
        return null;
    }

    /** A fetch-source context that also returns the text field; the same object when nothing needs to change. */
    static FetchSourceContext withField(FetchSourceContext user, String field) {
        if (field == null || user == null) {
            return user; // default: the whole _source is fetched
        }
        boolean fieldIncluded = user.fetchSource()
            && (user.includes().length == 0 || Arrays.stream(user.includes()).anyMatch(i -> i.equals(field) || i.equals("*")))
            && Arrays.stream(user.excludes()).noneMatch(e -> e.equals(field) || e.equals("*"));
        if (fieldIncluded) {
            return user;
        }
        Set<String> includes = new LinkedHashSet<>(user.fetchSource() ? Arrays.asList(user.includes()) : List.of());
        if (user.fetchSource() == false || includes.isEmpty() == false) {
            includes.add(field);
        }
        String[] excludes = Arrays.stream(user.excludes()).filter(e -> e.equals(field) == false).toArray(String[]::new);
        return new FetchSourceContext(true, includes.toArray(String[]::new), user.fetchSource() ? excludes : new String[0]);
    }
}
