package org.llmrerank.integ;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.llmrerank.estimator.Efficiency;
import org.llmrerank.estimator.Qrels;
import org.llmrerank.estimator.QrelsReader;
import org.llmrerank.estimator.QueryRelevance;
import org.llmrerank.estimator.ScoredDoc;
import org.llmrerank.estimator.TrecMetrics;

/**
 * Runs DL19 queries against a node twice each, first stage only and with the {@code llm_rerank}
 * clause, and measures NDCG@10 (trec_eval conventions, the estimator's metrics), model time and the
 * plugin's overhead. The overhead (time the rerank stage spends besides the model) is reported by the
 * plugin itself ({@code ext.llm_rerank.plugin_overhead_us}): differences of
 * server-side {@code took} values are millisecond-rounded and too noisy on a shared 2-core machine.
 */
public final class Dl19Runner {

    public static final int WINDOW = 100;

    private final RestJson node;
    private final String index;

    public Dl19Runner(RestJson node, String index) {
        this.node = node;
        this.index = index;
    }

    /** Everything measured over one run of the queries. */
    public record Result(String model, int queries, double ndcgFirstStage, double ndcgReranked, int fallbacks,
                         double meanModelMs, double p50ModelMs, double meanRerankTookMs, double p50RerankTookMs,
                         double meanFirstStageMs, double meanInPluginMs, double flopsEstimatedPerQuery, double flopsCountedPerQuery,
                         double layersExecutedPerSequence, int repeats) {

        public String report() {
            return String.format(Locale.ROOT, """
                DL19 passage, %d queries, BM25 top-%d reranked inside OpenSearch by [%s] through the llm_rerank clause
                  NDCG@10 first stage (BM25): %.4f
                  NDCG@10 reranked:           %.4f
                  fallbacks:                  %d
                  model time per query:       mean %.1f ms, p50 %.1f ms
                  search took, with rerank:   mean %.1f ms, p50 %.1f ms; first stage alone (size 100): mean %.1f ms
                  plugin overhead per query:  mean %.3f ms (measured inside the plugin, model time excluded: reading texts, reordering)
                  estimated FLOPs per query:  %.4g (%.6f PFLOPs; RPP %.1f, QPP %.1f)
                  counted FLOPs per query:    %s
                  layers per sequence:        %s
                  timings over %d repeat(s) of every query""",
                queries, WINDOW, model, ndcgFirstStage, ndcgReranked, fallbacks, meanModelMs, p50ModelMs, meanRerankTookMs, p50RerankTookMs,
                meanFirstStageMs, meanInPluginMs, flopsEstimatedPerQuery, flopsEstimatedPerQuery / 1e15,
                Efficiency.rpp(ndcgReranked, flopsEstimatedPerQuery), Efficiency.qpp(flopsEstimatedPerQuery),
                Double.isNaN(flopsCountedPerQuery) ? "not counted (the engine runs an opaque graph)"
                    : String.format(Locale.ROOT, "%.4g (counted / estimated = %.4f; padding included)", flopsCountedPerQuery,
                        flopsCountedPerQuery / flopsEstimatedPerQuery),
                Double.isNaN(layersExecutedPerSequence) ? "not reported" : String.format(Locale.ROOT, "%.2f executed", layersExecutedPerSequence),
                repeats);
        }

        public String jsonLine(String url, int shards) throws IOException {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("job", "main");
            m.put("model", model);
            m.put("queries", queries);
            m.put("shards", shards);
            m.put("ndcg@10_first_stage", ndcgFirstStage);
            m.put("ndcg@10_reranked", ndcgReranked);
            m.put("fallbacks", fallbacks);
            m.put("model_ms_mean", meanModelMs);
            m.put("model_ms_p50", p50ModelMs);
            m.put("search_took_ms_mean", meanRerankTookMs);
            m.put("first_stage_took_ms_mean", meanFirstStageMs);
            m.put("plugin_overhead_ms_mean", meanInPluginMs);
            m.put("rpp", Efficiency.rpp(ndcgReranked, flopsEstimatedPerQuery));
            m.put("qpp", Efficiency.qpp(flopsEstimatedPerQuery));
            m.put("pflops_per_query_estimated", flopsEstimatedPerQuery / 1e15);
            m.put("pflops_per_query_counted", Double.isNaN(flopsCountedPerQuery) ? null : flopsCountedPerQuery / 1e15);
            m.put("layers_executed_per_sequence", Double.isNaN(layersExecutedPerSequence) ? null : layersExecutedPerSequence);
            m.put("cores", Runtime.getRuntime().availableProcessors());
            return RestJson.toJson(m);
        }
    }

    public Result run(List<Dl19.Query> queries, Path qrelsFile, String model, int repeats) throws IOException, InterruptedException {
        Qrels qrels = QrelsReader.read(qrelsFile);
        double ndcgFirst = 0;
        double ndcgRerank = 0;
        int fallbacks = 0;
        double flops = 0;
        double counted = 0;
        int countedQueries = 0;
        long sequences = 0;
        long layersExecuted = 0;
        List<Double> modelMs = new ArrayList<>();
        List<Double> rerankTookMs = new ArrayList<>();
        List<Double> inPluginMs = new ArrayList<>();
        // one untimed query first: the node loads the model on first use
        node.ok("POST", "/" + index + "/_search", search(queries.get(0), model));
        // the node's stats then cover exactly the measured queries
        node.ok("POST", "/_plugins/_llm_rerank/stats/_reset", null);
        double firstStageMs = 0;
        for (int rep = 0; rep < repeats; rep++) {
            for (Dl19.Query q : queries) {
                RestJson.Reply plain = node.ok("POST", "/" + index + "/_search", search(q, null));
                RestJson.Reply reranked = node.ok("POST", "/" + index + "/_search", search(q, model));
                Map<String, Object> ext = reranked.at("ext", "llm_rerank");
                if (ext == null) {
                    throw new IOException("no ext.llm_rerank in the response for query " + q.qid() + ": " + reranked.body());
                }
                boolean ok = "reranked".equals(ext.get("status"));
                if (rep == 0) {
                    ndcgFirst += ndcg10(plain, qrels.of(q.qid()));
                    ndcgRerank += ndcg10(reranked, qrels.of(q.qid()));
                    if (ok == false) {
                        fallbacks++;
                        System.err.println("[main-job] query " + q.qid() + " fell back: " + ext);
                    } else {
                        flops += ((Number) ext.get("flops_estimated")).doubleValue();
                        if (ext.get("flops_counted") instanceof Number c) {
                            counted += c.doubleValue();
                            countedQueries++;
                        }
                        if (ext.get("layers") instanceof Map<?, ?> layers) {
                            sequences += ((Number) layers.get("sequences")).longValue();
                            layersExecuted += ((Number) layers.get("executed")).longValue();
                        }
                    }
                }
                if (ok) {
                    double model_ms = ((Number) ext.get("model_took_ms")).doubleValue();
                    double tookPlain = ((Number) plain.body().get("took")).doubleValue();
                    double tookRerank = ((Number) reranked.body().get("took")).doubleValue();
                    modelMs.add(model_ms);
                    rerankTookMs.add(tookRerank);
                    inPluginMs.add(((Number) ext.get("plugin_overhead_us")).doubleValue() / 1000.0);
                    firstStageMs += tookPlain;
                }
            }
        }
        int n = queries.size();
        return new Result(model, n, ndcgFirst / n, ndcgRerank / n, fallbacks, mean(modelMs), p50(modelMs), mean(rerankTookMs), p50(rerankTookMs),
            modelMs.isEmpty() ? 0 : firstStageMs / modelMs.size(), mean(inPluginMs), flops / Math.max(1, n - fallbacks),
            countedQueries == n - fallbacks && countedQueries > 0 ? counted / countedQueries : Double.NaN,
            sequences > 0 ? (double) layersExecuted / sequences : Double.NaN, repeats);
    }

    /** The node's stats, cluster section. */
    public Map<String, Object> clusterStats() throws IOException, InterruptedException {
        return node.ok("GET", "/_plugins/_llm_rerank/stats", null).at("cluster");
    }

    /**
     * {@code POST _plugins/_llm_rerank/_eval} over the same queries and qrels: the plugin runs each request with and without
     * the clause and returns NDCG@10, RPP and QPP, and records the judged queries into the stats.
     */
    public Map<String, Object> evaluate(List<Dl19.Query> queries, Path qrelsFile, String model) throws IOException, InterruptedException {
        List<Map<String, Object>> requests = new ArrayList<>();
        for (Dl19.Query q : queries) {
            requests.add(Map.of("id", q.qid(), "request", search(q, model)));
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("index", index);
        body.put("id_field", "docid");
        body.put("k", 10);
        body.put("requests", requests);
        body.put("qrels_trec", java.nio.file.Files.readString(qrelsFile));
        Map<String, Object> out = new LinkedHashMap<>(node.ok("POST", "/_plugins/_llm_rerank/_eval", body).body());
        out.remove("per_query");
        return out;
    }

    static Map<String, Object> search(Dl19.Query q, String model) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("size", model == null ? WINDOW : 10);
        body.put("query", Dl19Index.firstStageQuery(q.qid()));
        body.put("_source", List.of("docid"));
        if (model != null) {
            // a deadline protects users' latency; here every query must be judged, on a quiet machine or a loaded one, so the
            // deadline is far past any plausible model time and below the HTTP client's own limit
            body.put("rescore", Map.of("window_size", WINDOW, "llm_rerank", Map.of(
                "model", model, "field", "text", "query_text", q.text(), "timeout", "20m")));
        }
        return body;
    }

    @SuppressWarnings("unchecked")
    static double ndcg10(RestJson.Reply r, Map<String, Integer> judgments) {
        List<Map<String, Object>> hits = r.at("hits", "hits");
        List<ScoredDoc> docs = new ArrayList<>();
        for (Map<String, Object> h : hits.subList(0, Math.min(10, hits.size()))) {
            docs.add(new ScoredDoc((String) ((Map<String, Object>) h.get("_source")).get("docid"), ((Number) h.get("_score")).doubleValue()));
        }
        return TrecMetrics.ndcgCut(QueryRelevance.of(docs, judgments), 10);
    }

    static double mean(List<Double> v) {
        return v.stream().mapToDouble(Double::doubleValue).average().orElse(Double.NaN);
    }

    static double p50(List<Double> v) {
        if (v.isEmpty()) {
            return Double.NaN;
        }
        double[] a = v.stream().mapToDouble(Double::doubleValue).toArray();
        Arrays.sort(a);
        return a[a.length / 2];
    }
}
