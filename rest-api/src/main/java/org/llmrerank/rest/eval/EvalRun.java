package org.llmrerank.rest.eval;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.llmrerank.estimator.Efficiency;
import org.llmrerank.estimator.QueryRelevance;
import org.llmrerank.estimator.ScoredDoc;
import org.llmrerank.estimator.TrecMetrics;
import org.llmrerank.scheduler.RerankCounters;
import org.opensearch.action.search.SearchRequest;
import org.opensearch.action.search.SearchResponse;
import org.opensearch.common.util.concurrent.AbstractRunnable;
import org.opensearch.common.xcontent.XContentHelper;
import org.opensearch.common.xcontent.json.JsonXContent;
import org.opensearch.core.action.ActionListener;
import org.opensearch.core.common.bytes.BytesReference;
import org.opensearch.core.xcontent.ToXContent;
import org.opensearch.core.xcontent.XContentBuilder;
import org.opensearch.search.SearchExtBuilder;
import org.opensearch.search.SearchHit;
import org.opensearch.core.tasks.TaskCancelledException;
import org.opensearch.core.tasks.TaskId;
import org.opensearch.search.builder.SearchSourceBuilder;
import org.opensearch.tasks.CancellableTask;
import org.opensearch.threadpool.ThreadPool;
import org.opensearch.transport.client.Client;

/**
 * Runs an eval request's queries one after another through the normal search path (so the
 * llm_rerank clause goes through exactly what a user's search goes through), first without and then
 * with the rerank, and reports trec_eval-convention metrics, FLOPs, RPP and QPP. Judged reranks are
 * recorded into the node's stats so the stats can show RPP.
 *
 * <p>Each query starts on a fresh generic-pool thread: a search may complete on the calling thread
 * (an index pattern that matches nothing, say), and chaining the next query from inside the previous
 * one's listener would grow the stack with every query until it overflows. Between queries the run
 * checks its task, so a cancelled evaluation (or one whose client went away) stops; its searches are
 * children of that task and are cancelled with it.
 */
final class EvalRun {

    /** MRR and MAP count grade >= 2 as relevant, as trec_eval -l 2 does for TREC DL. */
    static final int RELEVANCE_LEVEL = 2;

    private final Client client;
    private final ThreadPool threadPool;
    private final EvalRequest request;
    private final RerankCounters counters;
    private final CancellableTask task;
    private final TaskId parent;
    private final ActionListener<Map<String, Object>> listener;
    private final List<Map<String, Object>> perQuery = new ArrayList<>();

    EvalRun(Client client, ThreadPool threadPool, EvalRequest request, RerankCounters counters, CancellableTask task, TaskId parent,
            ActionListener<Map<String, Object>> listener) {
        this.client = client;
        this.threadPool = threadPool;
        this.request = request;
        this.counters = counters;
        this.task = task;
        this.parent = parent;
        this.listener = listener;
    }

    void start() {
        fork(0);
    }

    private void fork(int i) {
        // the executor carries the caller's thread context, so the searches keep the caller's permissions
        threadPool.generic().execute(new AbstractRunnable() {
            @Override
            protected void doRun() {
                next(i);
            }

            @Override
            public void onFailure(Exception e) {
                listener.onFailure(e);
            }
        });
    }

    private void next(int i) {
        if (task.isCancelled()) {
            listener.onFailure(new TaskCancelledException("[_eval] cancelled after " + i + " of " + request.queries().size()
                + " requests: " + task.getReasonCancelled()));
            return;
        }
        if (i == request.queries().size()) {
            listener.onResponse(report());
            return;
        }
        EvalRequest.Query q = request.queries().get(i);
        search(q.firstStage(), ActionListener.wrap(first -> search(q.reranked(), ActionListener.wrap(reranked -> {
            perQuery.add(judge(q, first, reranked));
            fork(i + 1);
        }, listener::onFailure)), listener::onFailure));
    }

    private void search(SearchSourceBuilder source, ActionListener<SearchResponse> l) {
        SearchRequest search = new SearchRequest(request.index()).source(source);
        search.setParentTask(parent);
        client.search(search, l);
    }

    private Map<String, Object> judge(EvalRequest.Query q, SearchResponse first, SearchResponse reranked) throws IOException {
        Map<String, Integer> judgments = request.qrels().of(q.id());
        Map<String, Object> ext = rerankExt(reranked);
        boolean ok = "reranked".equals(ext.get("status"));
        double flops = ext.get("flops_estimated") instanceof Number n ? n.doubleValue() : 0.0;
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", q.id());
        QueryRelevance firstRel = QueryRelevance.of(docs(first), judgments);
        QueryRelevance rerankRel = QueryRelevance.of(docs(reranked), judgments);
        m.put("first_stage", metrics(firstRel));
        m.put("reranked", metrics(rerankRel));
        m.put("status", ext.getOrDefault("status", "missing"));
        m.put("flops_estimated", flops);
        m.put("flops_counted", ext.get("flops_counted"));
        if (ok) {
            counters.onJudged(TrecMetrics.ndcgCut(rerankRel, 10), flops);
        }
        return m;
    }

    private Map<String, Object> metrics(QueryRelevance r) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("ndcg@" + request.k(), TrecMetrics.ndcgCut(r, request.k()));
        m.put("mrr@" + request.k(), TrecMetrics.reciprocalRank(r, request.k(), RELEVANCE_LEVEL));
        m.put("map", TrecMetrics.averagePrecision(r, RELEVANCE_LEVEL));
        return m;
    }

    private List<ScoredDoc> docs(SearchResponse r) {
        List<ScoredDoc> docs = new ArrayList<>();
        for (SearchHit h : r.getHits().getHits()) {
            String id = request.idField() == null ? h.getId()
                : h.getSourceAsMap() == null ? null : String.valueOf(h.getSourceAsMap().get(request.idField()));
            if (id != null) {
                docs.add(new ScoredDoc(id, h.getScore()));
            }
        }
        return docs;
    }

    /** The llm_rerank ext of a response as a map, whatever class carries it (the plugin's, not visible here). */
    static Map<String, Object> rerankExt(SearchResponse r) throws IOException {
        for (SearchExtBuilder b : r.getInternalResponse().getSearchExtBuilders()) {
            if (EvalRequest.CLAUSE.equals(b.getWriteableName())) {
                XContentBuilder x = JsonXContent.contentBuilder().startObject();
                b.toXContent(x, ToXContent.EMPTY_PARAMS);
                x.endObject();
                Object inner = XContentHelper.convertToMap(BytesReference.bytes(x), false, x.contentType()).v2().get(EvalRequest.CLAUSE);
                @SuppressWarnings("unchecked")
                Map<String, Object> map = (Map<String, Object>) inner;
                return map;
            }
        }
        return Map.of();
    }

    /** Means over queries; RPP and QPP as ratios of means (E2R-FLOPs: ranking metric per PetaFLOP, queries per PetaFLOP). */
    private Map<String, Object> report() {
        int n = perQuery.size();
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("queries", n);
        out.put("relevance_level", RELEVANCE_LEVEL);
        out.put("first_stage", meanOf("first_stage"));
        Map<String, Object> reranked = meanOf("reranked");
        out.put("reranked", reranked);
        double flops = perQuery.stream().mapToDouble(q -> (double) q.get("flops_estimated")).sum() / n;
        boolean allCounted = perQuery.stream().allMatch(q -> q.get("flops_counted") instanceof Number);
        out.put("pflops_per_query_estimated", flops / 1e15);
        out.put("pflops_per_query_counted", allCounted
            ? perQuery.stream().mapToDouble(q -> ((Number) q.get("flops_counted")).doubleValue()).sum() / n / 1e15 : null);
        double ndcg = (double) reranked.get("ndcg@" + request.k());
        out.put("rpp", flops > 0 ? Efficiency.rpp(ndcg, flops) : null);
        out.put("qpp", flops > 0 ? Efficiency.qpp(flops) : null);
        // a skipped page (size 0, or from past the window) is no fallback: the rerank had nothing to change
        out.put("fallbacks", perQuery.stream().filter(q -> "fallback".equals(q.get("status"))).count());
        out.put("skipped", perQuery.stream().filter(q -> "skipped".equals(q.get("status"))).count());
        out.put("per_query", perQuery);
        return out;
    }

    @SuppressWarnings("unchecked")
    private Map<String, Object> meanOf(String which) {
        Map<String, Object> mean = new LinkedHashMap<>();
        for (Map<String, Object> q : perQuery) {
            ((Map<String, Object>) q.get(which)).forEach((k, v) -> mean.merge(k, v, (a, b) -> (double) a + (double) b));
        }
        mean.replaceAll((k, v) -> (double) v / perQuery.size());
        return mean;
    }
}
