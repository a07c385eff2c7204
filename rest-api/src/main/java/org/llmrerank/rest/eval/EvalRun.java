package org.llmrerank.rest.eval;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executor;
import java.util.function.BooleanSupplier;
import java.util.function.Function;
import java.util.function.Supplier;
import org.llmrerank.estimator.QueryRelevance;
import org.llmrerank.estimator.TrecMetrics;

/**
 * Runs an eval request's queries one after another through the engine's normal search path (so the llm_rerank clause
 * goes through exactly what a user's search goes through), first without and then with the rerank, and reports
 * trec_eval-convention metrics, FLOPs, RPP and QPP ({@link EvalReport}). Judged reranks are recorded so that the stats
 * can show RPP.
 *
 * <p>Each query starts on a fresh thread of {@code executor}: a search may complete on the calling thread (an index
 * pattern that matches nothing, say), and chaining the next query from inside the previous one's callback would grow
 * the stack with every query until it overflows. Between queries the run asks whether it was cancelled, so a
 * cancelled evaluation (or one whose client went away) stops.
 */
public final class EvalRun<S> {

    /** MRR and MAP count grade >= 2 as relevant, as trec_eval -l 2 does for TREC DL. */
    public static final int RELEVANCE_LEVEL = 2;

    /** Runs one search of the evaluation through the engine: {@code source} on {@code index}. */
    @FunctionalInterface
    public interface JudgedSearch<S> {
        void search(String index, S source, Callback<SearchAnswer> callback);
    }

    /** Whether the engine's task of this evaluation was cancelled. */
    public interface Cancellation {

        /** Why the evaluation was cancelled; null while it may go on. */
        String reason();

        /** The engine's exception for a cancelled evaluation, with this message. */
        Exception exception(String message);

        /** The cancellation of an engine task: its flag, the reason it gives once cancelled, and its exception type. */
        static Cancellation of(BooleanSupplier cancelled, Supplier<String> reason, Function<String, Exception> exception) {
            return new Cancellation() {
                @Override
                public String reason() {
                    return cancelled.getAsBoolean() ? reason.get() : null;
                }

                @Override
                public Exception exception(String message) {
                    return exception.apply(message);
                }
            };
        }
    }

    /** Where judged reranks are counted (the node's stats). */
    @FunctionalInterface
    public interface JudgedQueries {
        void onJudged(double ndcgAt10, double estimatedFlops);
    }

    private final EvalRequest<S> request;
    private final JudgedSearch<S> search;
    private final Executor executor;
    private final Cancellation cancellation;
    private final JudgedQueries judged;
    private final Callback<Map<String, Object>> listener;
    private final List<JudgedQuery> perQuery = new ArrayList<>();

    /**
     * @param executor  starts each query; it must carry the caller's context (permissions) to the searches
     * @param listener  gets the report, or the first failure (a failed search fails the evaluation)
     */
    public EvalRun(EvalRequest<S> request, JudgedSearch<S> search, Executor executor, Cancellation cancellation, JudgedQueries judged,
                   Callback<Map<String, Object>> listener) {
        this.request = request;
        this.search = search;
        this.executor = executor;
        this.cancellation = cancellation;
        this.judged = judged;
        this.listener = listener;
    }

    public void start() {
        fork(0);
    }

    private void fork(int i) {
        try {
            executor.execute(() -> {
                try {
                    next(i);
                } catch (Exception e) {
                    listener.onFailure(e);
                }
            });
        } catch (RuntimeException rejected) {
            listener.onFailure(rejected);
        }
    }

    private void next(int i) {
        String cancelled = cancellation.reason();
        if (cancelled != null) {
            listener.onFailure(cancellation.exception("[_eval] cancelled after " + i + " of " + request.queries().size()
                + " requests: " + cancelled));
            return;
        }
        if (i == request.queries().size()) {
            listener.onResponse(EvalReport.render(request.k(), RELEVANCE_LEVEL, perQuery));
            return;
        }
        EvalRequest.Query<S> q = request.queries().get(i);
        search.search(request.index(), q.firstStage(), Callback.of(first -> search.search(request.index(), q.reranked(),
            Callback.of(reranked -> {
                perQuery.add(judge(q, first, reranked));
                fork(i + 1);
            }, listener::onFailure)), listener::onFailure));
    }

    private JudgedQuery judge(EvalRequest.Query<S> q, SearchAnswer first, SearchAnswer reranked) {
        Map<String, Integer> judgments = request.qrels().of(q.id());
        Map<String, Object> details = reranked.rerankDetails();
        double flops = details.get("flops_estimated") instanceof Number n ? n.doubleValue() : 0.0;
        Double counted = details.get("flops_counted") instanceof Number n ? n.doubleValue() : null;
        QueryRelevance firstRel = QueryRelevance.of(first.ranking(request.idField()), judgments);
        QueryRelevance rerankRel = QueryRelevance.of(reranked.ranking(request.idField()), judgments);
        if ("reranked".equals(details.get("status"))) {
            judged.onJudged(TrecMetrics.ndcgCut(rerankRel, 10), flops);
        }
        return new JudgedQuery(q.id(), metrics(firstRel), metrics(rerankRel), String.valueOf(details.getOrDefault("status", "missing")),
            flops, counted);
    }

    private JudgedQuery.QueryMetrics metrics(QueryRelevance r) {
        return new JudgedQuery.QueryMetrics(TrecMetrics.ndcgCut(r, request.k()), TrecMetrics.reciprocalRank(r, request.k(), RELEVANCE_LEVEL),
            TrecMetrics.averagePrecision(r, RELEVANCE_LEVEL));
    }
}
