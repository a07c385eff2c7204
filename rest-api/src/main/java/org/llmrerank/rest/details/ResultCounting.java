package org.llmrerank.rest.details;

import org.llmrerank.rescorer.RerankOutcome;
import org.llmrerank.rescorer.pipeline.RerankOptions;
import org.llmrerank.rescorer.pipeline.RerankPlan;
import org.llmrerank.rescorer.pipeline.RerankResult;
import org.llmrerank.rest.stats.RerankCounters;

/**
 * Counts one search's result in the node's statistics, the same way on every engine: a query when the plan reached
 * the rerank stage, then exactly one of skipped page, fallback (by cause) or reranked (attributed to the strategy that
 * ran, since auto resolves per query).
 */
public final class ResultCounting {

    private ResultCounting() {}

    /** Call once the plan is made, before it runs: a query that reaches the rerank stage is counted whatever happens. */
    public static void planned(RerankCounters counters, RerankPlan plan) {
        if (plan.route() != RerankPlan.Route.SKIP) {
            counters.onQuery();
        }
    }

    /**
     * Call before the user sees the response, so a caller that reads the stats after its search finds it counted.
     *
     * @param searchMillis the whole search's latency, first stage included
     */
    public static void answered(RerankCounters counters, RerankOptions options, RerankPlan plan, RerankResult result, double searchMillis) {
        RerankCounters.Labels asked = new RerankCounters.Labels(options.indices(), options.strategy().clauseName(), options.model());
        switch (result.status()) {
            case SKIPPED -> counters.onSkippedPage();
            case FALLBACK, REJECTED -> counters.onFallback(asked, result.cause(), searchMillis);
            case RERANKED -> {
                RerankOutcome o = result.outcome();
                RerankCounters.Labels ran = new RerankCounters.Labels(options.indices(), o.strategy().clauseName(), options.model());
                counters.onReranked(ran, new RerankCounters.Reranked(o.scoredDocs(), result.docsWithoutText(plan.windowSize()),
                    o.inputTokens(), o.modelNanos(), o.estimatedFlops(), o.countedFlops(), searchMillis, o.layers()),
                    o.report().switchedUnderBudget(), o.report().earlyStopped());
            }
        }
    }
}
