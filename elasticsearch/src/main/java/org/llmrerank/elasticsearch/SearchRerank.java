package org.llmrerank.elasticsearch;

import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.elasticsearch.common.util.concurrent.ThreadContext;
import org.llmrerank.rescorer.pipeline.RerankOptions;
import org.llmrerank.rescorer.pipeline.RerankPlan;
import org.llmrerank.rescorer.pipeline.RerankResult;
import org.llmrerank.rest.details.RerankDetails;
import org.llmrerank.rest.details.ResultCounting;

/**
 * One search's rerank on Elasticsearch, the same for the retriever and the rescore clause: plans the window, counts the
 * search in the node's statistics, runs the plan and, once the result is in, counts it, puts its details (the object
 * OpenSearch returns under {@code ext.llm_rerank}) in the {@value DetailsHeader#NAME} response header and hands the
 * result on. Elasticsearch's search response has no {@code ext}; the HTTP layer sends the response headers the search's
 * thread context holds when the response goes out, and its executors and listeners carry them from thread to thread.
 * A search started under a {@link DetailsSink} hands its details to the sink instead.
 */
public final class SearchRerank {

    private SearchRerank() {}

    /**
     * @param searchStartNanos     when the search started on this node: the stats' latency covers both stages
     * @param firstStageTookMillis what the first stage took, reported in the details
     * @param done                 receives exactly one result, on any thread, after it was counted and its header set
     */
    public static void start(RerankNode node, String queryText, List<WindowReranker.Hit> hits, RerankOptions options,
                             boolean pageTouchesWindow, long searchStartNanos, long firstStageTookMillis, Consumer<RerankResult> done) {
        long rerankStartNanos = System.nanoTime();
        WindowReranker reranker = node.reranker();
        RerankPlan plan = reranker.plan(queryText, hits, options, pageTouchesWindow);
        ResultCounting.planned(node.counters(), plan);
        reranker.run(plan, result -> {
            long now = System.nanoTime();
            ResultCounting.answered(node.counters(), options, plan, result, (now - searchStartNanos) / 1e6);
            Map<String, Object> details = RerankDetails.render(options, plan.windowSize(), result, firstStageTookMillis,
                TimeUnit.NANOSECONDS.toMillis(now - rerankStartNanos));
            ThreadContext context = node.threadPool().getThreadContext();
            Consumer<Map<String, Object>> sink = DetailsSink.of(context);
            if (sink != null) {
                sink.accept(details);
            } else {
                // on the thread that completes the search's next step: the header travels on with the search's context
                context.addResponseHeader(DetailsHeader.NAME, DetailsHeader.value(details));
            }
            done.accept(result);
        });
    }
}
