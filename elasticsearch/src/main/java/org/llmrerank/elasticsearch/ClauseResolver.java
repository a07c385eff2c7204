package org.llmrerank.elasticsearch;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.elasticsearch.action.ActionRequestValidationException;
import org.elasticsearch.cluster.metadata.IndexMetadata;
import org.elasticsearch.cluster.metadata.MappingMetadata;
import org.elasticsearch.common.settings.Setting;
import org.elasticsearch.common.settings.Settings;
import org.elasticsearch.core.TimeValue;
import org.llmrerank.rest.clause.TextFieldMapping;
import org.llmrerank.rescorer.FlopsBudget;
import org.llmrerank.rescorer.Strategy;
import org.llmrerank.rescorer.pipeline.RerankOptions;

/**
 * Combines a clause with the searched indices' {@code index.llm_rerank.*} defaults and the cluster limits, and checks
 * what needs the cluster state: the model exists and runs the strategy, the field is a text field of every index, the
 * window and query text are within the limits. Every problem is reported at once, each naming its field, as one
 * validation error (HTTP 400).
 */
public final class ClauseResolver {

    /** Field types whose values are text the model can read. */

    private final WindowReranker reranker;

    public ClauseResolver(WindowReranker reranker) {
        this.reranker = reranker;
    }

    /**
     * @param prefix             what errors name the clause by, e.g. {@code llm_rerank}
     * @param windowField        what errors name the window by, e.g. {@code rank_window_size}
     * @param inferredQueryText  the query's own text when it is a single text query, else null
     * @throws ActionRequestValidationException listing every problem
     */
    public ResolvedClause resolve(RerankClause clause, Collection<IndexMetadata> indices, int window, String windowField,
                                  String inferredQueryText, SearchLimits limits, String prefix) {
        List<String> errors = new ArrayList<>();
        clause.syntaxErrors().forEach(e -> errors.add("[" + prefix + "]" + e));
        if (window < 1) {
            errors.add("[" + windowField + "] must be at least 1, got [" + window + "]");
        } else if (window > limits.maxWindow()) {
            errors.add("[" + windowField + "] [" + window + "] is above the cluster limit [" + EsRerankSettings.MAX_WINDOW_SIZE.getKey()
                + "=" + limits.maxWindow() + "]");
        }

        String model = pick(clause.model(), indices, EsRerankSettings.INDEX_MODEL, prefix + ".model", errors);
        String field = pick(clause.field(), indices, EsRerankSettings.INDEX_FIELD, prefix + ".field", errors);
        String strategyName = pick(clause.strategy(), indices, EsRerankSettings.INDEX_STRATEGY, prefix + ".strategy", errors);
        String budgetText = pick(clause.flopsBudget(), indices, EsRerankSettings.INDEX_FLOPS_BUDGET, prefix + ".flops_budget", errors);

        Set<Strategy> supported = model == null ? Set.of() : reranker.strategiesOf(model);
        if (model == null) {
            errors.add("[" + prefix + ".model] is required: name it in the clause or set [" + EsRerankSettings.INDEX_MODEL.getKey() + "]");
        } else if (supported.isEmpty()) {
            errors.add("[" + prefix + ".model] unknown model [" + model + "]; available: " + reranker.models().stream().sorted().toList());
        }
        if (field == null) {
            errors.add("[" + prefix + ".field] is required: name it in the clause or set [" + EsRerankSettings.INDEX_FIELD.getKey() + "]");
        } else {
            for (IndexMetadata index : indices) {
                checkField(index, field, prefix, errors);
            }
        }

        Strategy requested = strategyName == null ? Strategy.AUTO : Strategy.fromClauseName(strategyName).orElse(null);
        Strategy strategy = requested;
        if (requested != null && supported.isEmpty() == false) {
            strategy = concrete(requested, supported);
            if (strategy == null) {
                errors.add("[" + prefix + ".strategy] [" + requested.clauseName() + "] is not supported by model [" + model
                    + "], which supports " + supported.stream().map(Strategy::clauseName).sorted().toList());
            }
        }

        double budget = Double.POSITIVE_INFINITY;
        if (budgetText != null && budgetText.isEmpty() == false) {
            try {
                budget = FlopsBudget.parse(budgetText);
            } catch (IllegalArgumentException e) {
                if (clause.flopsBudget() == null) { // the clause's own syntax error is listed already
                    errors.add("[" + EsRerankSettings.INDEX_FLOPS_BUDGET.getKey() + "] " + e.getMessage());
                }
            }
        }

        String queryText = clause.queryText() != null ? clause.queryText() : inferredQueryText;
        if (queryText == null) {
            errors.add("[" + prefix + ".query_text] is required when the query is not a single match, match_phrase, multi_match, "
                + "query_string or simple_query_string query");
        } else if (queryText.isBlank()) {
            errors.add("[" + prefix + ".query_text] the text to rerank for is empty");
        } else if (queryText.length() > limits.maxQueryChars()) {
            errors.add("[" + prefix + ".query_text] the text to rerank for has " + queryText.length() + " characters; at most ["
                + EsRerankSettings.MAX_QUERY_CHARS.getKey() + "=" + limits.maxQueryChars() + "]");
        }

        if (errors.isEmpty() == false) {
            ActionRequestValidationException v = new ActionRequestValidationException();
            v.addValidationErrors(errors);
            throw v;
        }
        TimeValue timeout = clause.parsedTimeout() != null ? clause.parsedTimeout() : limits.defaultTimeout();
        int topK = clause.topK() == null ? RerankClause.DEFAULT_TOP_K : clause.topK();
        List<String> names = indices.stream().map(m -> m.getIndex().getName()).toList();
        return new ResolvedClause(queryText, limits.maxPassageChars(),
            new RerankOptions(names, model, field, requested, strategy, window, topK, budget, timeout.nanos()));
    }

    /**
     * What runs for {@code requested}: {@code auto} stays {@code auto} (the pipeline's chooser decides per query, from the
     * real token counts and the budget); {@code pointwise} is the model's own pointwise method. Null when the model
     * cannot run it.
     */
    private static Strategy concrete(Strategy requested, Set<Strategy> supported) {
        if (requested == Strategy.AUTO) {
            return Strategy.AUTO;
        }
        if (requested == Strategy.POINTWISE) {
            return supported.stream().filter(Strategy::isPointwise).filter(s -> s != Strategy.POINTWISE).sorted().findFirst()
                .orElse(supported.contains(Strategy.POINTWISE) ? Strategy.POINTWISE : null);
        }
        return supported.contains(requested) ? requested : null;
    }

    /** The clause's value, else the indices' setting; the indices must agree on it. Null when neither gives one. */
    private static String pick(String clauseValue, Collection<IndexMetadata> indices, Setting<String> setting, String name, List<String> errors) {
        if (clauseValue != null) {
            return clauseValue;
        }
        Map<String, List<String>> byValue = indices.stream().collect(Collectors.groupingBy(m -> setting.get(m.getSettings()), TreeMap::new,
            Collectors.mapping(m -> m.getIndex().getName(), Collectors.toList())));
        byValue.remove("");
        if (byValue.size() > 1) {
            errors.add("[" + name + "] is not in the clause and the searched indices disagree on [" + setting.getKey() + "]: " + byValue
                + "; name it in the clause");
            return null;
        }
        if (byValue.isEmpty()) {
            String fallback = setting.getDefault(Settings.EMPTY);
            return fallback.isEmpty() ? null : fallback;
        }
        return byValue.keySet().iterator().next();
    }

    static void checkField(IndexMetadata meta, String field, String prefix, List<String> errors) {
        MappingMetadata mapping = meta.mapping();
        TextFieldMapping.check(TextFieldMapping.root(mapping == null ? null : mapping.sourceAsMap()), meta.getIndex().getName(), field,
            prefix, errors);
    }
}
