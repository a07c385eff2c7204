package org.llmrerank.rest.details;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.llmrerank.rescorer.FlopsBudget;
import org.llmrerank.rescorer.LayerUsage;
import org.llmrerank.rescorer.RerankOutcome;
import org.llmrerank.rescorer.StrategyReport;
import org.llmrerank.rescorer.pipeline.Placement;
import org.llmrerank.rescorer.pipeline.RerankOptions;
import org.llmrerank.rescorer.pipeline.RerankResult;

/**
 * The per-search details of a rerank, as both engines return them (OpenSearch under {@code ext.llm_rerank}): what ran,
 * what it cost and, for a search that kept its first-stage order, why. The only code that turns a {@link RerankResult}
 * into these fields, whichever route served the search.
 */
public final class RerankDetails {

    private RerankDetails() {}

    /**
     * @param windowSize         passages in the window that was sent to the model (hits, with or without text)
     * @param firstStageTookMillis the first stage's own took
     * @param tookMillis         the rerank stage's took, from the first stage's answer to this response
     */
    public static Map<String, Object> render(RerankOptions options, int windowSize, RerankResult result, long firstStageTookMillis,
                                             long tookMillis) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("status", result.status().key());
        if (result.cause() != null) {
            m.put("fallback_cause", result.cause().key());
            m.put("fallback_reason", result.reason());
        }
        m.put("model", options.model());
        m.put("field", options.field());
        m.put("strategy", options.strategy().clauseName());
        m.put("requested_strategy", options.requestedStrategy().clauseName());
        m.put("window_size", options.windowSize());
        m.put("flops_budget", options.budgeted() ? FlopsBudget.format(options.flopsBudget()) : null);
        RerankOutcome o = result.outcome();
        if (o != null) {
            m.put("strategy", o.strategy().clauseName()); // what ran; requested_strategy says what was asked
            m.put("strategy_decision", decision(o.report()));
            m.put("reranked_docs", o.scoredDocs());
            m.put("docs_without_text", result.docsWithoutText(windowSize));
            m.put("input_tokens", o.inputTokens());
            if (options.budgeted()) {
                // how the budget shaped the run: judged passages vs those with text in the window
                m.put("budget_enforced", o.budget().enforceable());
                m.put("budget_judged_docs", o.budget().passagesThatFit());
            }
            m.put("flops_estimated", o.estimatedFlops());
            m.put("flops_counted", o.countedFlops() >= 0 ? o.countedFlops() : null);
            m.put("model_took_ms", TimeUnit.NANOSECONDS.toMillis(o.modelNanos()));
            if (o.layers().reported()) {
                m.put("layers", layers(o.layers()));
            }
            if (result.modelLoadNanos() > 1_000_000) {
                m.put("model_load_ms", TimeUnit.NANOSECONDS.toMillis(result.modelLoadNanos()));
            }
            if (result.overheadNanos() >= 0) {
                // what the stage spent besides loading and running the model (budget fitting, reordering)
                m.put("plugin_overhead_us", TimeUnit.NANOSECONDS.toMicros(result.overheadNanos()));
            }
            if (result.placement() != null) {
                m.put("scheduler", placement(result.placement()));
            }
        }
        // the search's own took covers both stages; these split it
        m.put("first_stage_took_ms", firstStageTookMillis);
        m.put("took_ms", tookMillis);
        return m;
    }

    /** Why this strategy and depth ran: auto's decision, the prediction it was made on, early stops. */
    private static Map<String, Object> decision(StrategyReport d) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("ran", d.ran());
        if (d.autoOutcome() != null) {
            m.put("auto_outcome", d.autoOutcome());
        }
        m.put("reason", d.reason());
        m.put("depth", d.depth());
        m.put("flops_predicted", Double.isNaN(d.predictedFlops()) ? null : d.predictedFlops());
        m.put("calls", d.calls());
        m.put("early_stopped", d.earlyStopped());
        if (d.earlyStopped()) {
            m.put("early_stop_reason", d.earlyStopReason());
        }
        m.put("scores", d.rankScores() ? "rank_derived" : "model");
        return m;
    }

    private static Map<String, Object> layers(LayerUsage l) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("sequences", l.sequences());
        m.put("executed", l.executed());
        m.put("skipped", l.skipped());
        m.put("repeated", l.repeated());
        return m;
    }

    private static Map<String, Object> placement(Placement p) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("node", p.node());
        m.put("outcome", p.outcome().toLowerCase(Locale.ROOT));
        m.put("degraded", p.degraded());
        m.put("judged_model", p.judgedModel());
        m.put("judged_depth", p.judgedDepth());
        m.put("queue_ms", TimeUnit.NANOSECONDS.toMillis(p.queueNanos()));
        m.put("failovers", p.failovers());
        return m;
    }
}
