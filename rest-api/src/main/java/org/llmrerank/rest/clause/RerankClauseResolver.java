package org.llmrerank.rest.clause;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.llmrerank.rescorer.FlopsBudget;
import org.llmrerank.rescorer.Strategy;
import org.llmrerank.rescorer.pipeline.RerankOptions;
import org.llmrerank.rest.ValidationErrors;

/**
 * Combines a clause with the searched indices' {@code index.llm_rerank.*} defaults and the cluster ceilings, and checks
 * what needs the cluster state: the model exists and runs the strategy, the field is a text field of every index, the
 * window and the query text are within the ceilings. Every problem is added at once, each naming its field; both
 * engines call this with values they read from their own metadata and settings.
 */
public final class RerankClauseResolver {

    private final KnownModels models;
    private final boolean readsSource;

    /**
     * @param readsSource whether the model reads its field from {@code _source}, so that an index that keeps none is refused
     */
    public RerankClauseResolver(KnownModels models, boolean readsSource) {
        this.models = models;
        this.readsSource = readsSource;
    }

    /**
     * One search's resolved clause.
     *
     * @param queryText the text to rerank for
     * @param options   what the rerank pipeline needs besides the query text
     */
    public record Resolved(String queryText, RerankOptions options) {}

    /**
     * @param window            how many merged hits the search asks the model to rerank
     * @param windowField       what errors name the window by, e.g. {@code rank_window_size}
     * @param inferredQueryText the query's own text ({@link QueryText}), null when it has none
     * @param prefix            what errors name the clause by, e.g. {@code llm_rerank}
     * @return the resolved clause, or null when {@code errors} gained anything
     */
    public Resolved resolve(RerankClause clause, List<SearchedIndex> indices, int window, String windowField, String inferredQueryText,
                            SearchLimits limits, String prefix, ValidationErrors errors) {
        int before = errors.messages().size();
        clause.syntaxErrors().forEach(e -> errors.add(prefix, "[" + prefix + "]" + e));
        if (window < 1) {
            errors.add(windowField, "[" + windowField + "] must be at least 1, got [" + window + "]");
        } else if (window > limits.maxWindow()) {
            errors.add(windowField, "[" + windowField + "] [" + window + "] is above the cluster limit ["
                + SettingsCatalogue.MAX_WINDOW_SIZE.key() + "=" + limits.maxWindow() + "]");
        }

        String model = pick(clause.model(), indices, SettingsCatalogue.INDEX_MODEL, prefix + ".model", errors);
        String field = pick(clause.field(), indices, SettingsCatalogue.INDEX_FIELD, prefix + ".field", errors);
        String strategyName = pick(clause.strategy(), indices, SettingsCatalogue.INDEX_STRATEGY, prefix + ".strategy", errors);
        String budgetText = pick(clause.flopsBudget(), indices, SettingsCatalogue.INDEX_FLOPS_BUDGET, prefix + ".flops_budget", errors);

        Set<Strategy> supported = model == null ? Set.of() : models.strategiesOf(model);
        if (model == null) {
            errors.add(prefix + ".model", "[" + prefix + ".model] is required: name it in the clause or set ["
                + SettingsCatalogue.INDEX_MODEL.key() + "]");
        } else if (supported.isEmpty()) {
            errors.add(prefix + ".model", "[" + prefix + ".model] unknown model [" + model + "]; available: "
                + models.names().stream().sorted().toList());
        }
        if (field == null) {
            errors.add(prefix + ".field", "[" + prefix + ".field] is required: name it in the clause or set ["
                + SettingsCatalogue.INDEX_FIELD.key() + "]");
        } else {
            for (SearchedIndex index : indices) {
                checkField(index, field, prefix, errors);
            }
        }

        Strategy requested = strategyName == null ? Strategy.AUTO : Strategy.fromClauseName(strategyName).orElse(null);
        Strategy strategy = requested;
        if (requested != null && supported.isEmpty() == false) {
            strategy = concrete(requested, supported);
            if (strategy == null) {
                errors.add(prefix + ".strategy", "[" + prefix + ".strategy] [" + requested.clauseName() + "] is not supported by model ["
                    + model + "], which supports " + supported.stream().map(Strategy::clauseName).sorted().toList());
            }
        }

        double budget = Double.POSITIVE_INFINITY;
        if (budgetText != null && budgetText.isEmpty() == false) {
            try {
                budget = FlopsBudget.parse(budgetText);
            } catch (IllegalArgumentException e) {
                if (clause.flopsBudget() == null) { // the clause's own syntax error is listed already
                    errors.add(SettingsCatalogue.INDEX_FLOPS_BUDGET.key(), "[" + SettingsCatalogue.INDEX_FLOPS_BUDGET.key() + "] " + e.getMessage());
                }
            }
        }

        String queryText = clause.queryText() != null ? clause.queryText() : inferredQueryText;
        String queryTextField = prefix + ".query_text";
        if (queryText == null) {
            errors.add(queryTextField, "[" + queryTextField + "] is required when the query is not a single " + QueryText.TEXT_QUERIES + " query");
        } else if (queryText.isBlank()) {
            errors.add(queryTextField, "[" + queryTextField + "] the text to rerank for is empty");
        } else if (queryText.length() > limits.maxQueryChars()) {
            errors.add(queryTextField, "[" + queryTextField + "] the text to rerank for has " + queryText.length() + " characters; at most ["
                + SettingsCatalogue.MAX_QUERY_CHARS.key() + "=" + limits.maxQueryChars() + "]");
        }

        if (errors.messages().size() > before) {
            return null;
        }
        Long clauseTimeout = clause.timeoutNanos();
        long timeoutNanos = clauseTimeout != null ? clauseTimeout : limits.defaultTimeoutNanos();
        int topK = clause.topK() == null ? RerankClause.DEFAULT_TOP_K : clause.topK();
        List<String> names = indices.stream().map(SearchedIndex::name).toList();
        return new Resolved(queryText, new RerankOptions(names, model, field, requested, strategy, window, topK, budget, timeoutNanos));
    }

    /**
     * What runs for {@code requested}: {@code auto} stays {@code auto} (the pipeline's chooser decides per query, from the
     * real token counts and the budget); {@code pointwise} is the model's own pointwise method, the first in the
     * strategies' order. Null when the model cannot run it.
     */
    static Strategy concrete(Strategy requested, Set<Strategy> supported) {
        if (requested == Strategy.AUTO) {
            return Strategy.AUTO;
        }
        if (requested == Strategy.POINTWISE) {
            return supported.stream().filter(Strategy::isPointwise).filter(s -> s != Strategy.POINTWISE).sorted().findFirst()
                .orElse(supported.contains(Strategy.POINTWISE) ? Strategy.POINTWISE : null);
        }
        return supported.contains(requested) ? requested : null;
    }

    /**
     * The clause's value, else the searched indices' setting, which they must agree on (an index that sets "" sets
     * nothing); else the setting's default. Null when none of these gives a value.
     */
    static String pick(String clauseValue, List<SearchedIndex> indices, SettingsCatalogue.TextSetting setting, String name,
                       ValidationErrors errors) {
        if (clauseValue != null) {
            return clauseValue;
        }
        Map<String, List<String>> byValue = indices.stream().collect(Collectors.groupingBy(i -> i.value(setting), TreeMap::new,
            Collectors.mapping(SearchedIndex::name, Collectors.toList())));
        byValue.remove("");
        if (byValue.size() > 1) {
            errors.add(name, "[" + name + "] is not in the clause and the searched indices disagree on [" + setting.key() + "]: " + byValue
                + "; name it in the clause");
            return null;
        }
        if (byValue.isEmpty()) {
            return setting.defaultValue().isEmpty() ? null : setting.defaultValue();
        }
        return byValue.keySet().iterator().next();
    }

    private void checkField(SearchedIndex index, String field, String prefix, ValidationErrors errors) {
        List<String> messages = new ArrayList<>();
        Map<String, Object> root = TextFieldMapping.root(index.mappingSource());
        if (readsSource && root.get("_source") instanceof Map<?, ?> src && Boolean.FALSE.equals(src.get("enabled"))) {
            messages.add("[" + prefix + ".field] index [" + index.name() + "] does not keep _source, so the model cannot read [" + field + "]");
        } else {
            TextFieldMapping.check(root, index.name(), field, prefix, messages);
        }
        messages.forEach(m -> errors.add(prefix + ".field", m));
    }
}
