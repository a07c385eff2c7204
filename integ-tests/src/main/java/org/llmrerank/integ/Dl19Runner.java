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
 * Runs DL19 queries against a node twice each, first stage only and through the {@code llm_rerank} rerank its
 * {@link RerankRoute} sends (OpenSearch's rescore clause by default), and measures NDCG@10 (trec_eval conventions, the
 * estimator's metrics), model time and the plugin's overhead. The overhead (time the rerank stage spends besides the
 * model) is reported by the plugin itself (its details' {@code plugin_overhead_us}): differences of
 * server-side {@code took} values are millisecond-rounded and too noisy on a shared 2-core machine.
 */
public final class Dl19Runner {

    public static final int WINDOW = 100;

    private final RestJson node;
    private final String index;
    private final RerankRoute route;

    public Dl19Runner(RestJson node, String index) {
        this(node, index, new OpenSearchRoute());
    }

    Dl19Runner(RestJson node, String index, RerankRoute route) {
        this.node = node;
        this.index = index;
        this.route = route;
    }

    /**
     * Everything measured over one run of the queries. Without the node's per-search details ({@code details} false)
     * the job computes what it can see itself: fallbacks from the hits, estimated FLOPs from the texts
     * ({@link TokenCountFlops}, NaN where it cannot); model time, overhead, counted FLOPs and layers are NaN.
     */
    public record Result(String model, int queries, double ndcgFirstStage, double ndcgReranked, int fallbacks,
                         double meanModelMs, double p50ModelMs, double meanRerankTookMs, double p50RerankTookMs,
                         double meanFirstStageMs, double meanInPluginMs, double flopsEstimatedPerQuery, double flopsCountedPerQuery,
                         double layersExecutedPerSequence, int repeats, String engine, String surface, boolean details) {

        /** The node sent no per-search details: what the report prints for what only they hold. */
        static final String NOT_REPORTED = "not reported: the responses carry no per-search details";

        public String report() {
            if (details) {
                return String.format(Locale.ROOT, """
                    DL19 passage, %d queries, BM25 top-%d reranked inside %s by [%s] through %s
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
                    queries, WINDOW, engine, model, surface, ndcgFirstStage, ndcgReranked, fallbacks, meanModelMs, p50ModelMs,
                    meanRerankTookMs, p50RerankTookMs, meanFirstStageMs, meanInPluginMs, flopsEstimatedPerQuery, flopsEstimatedPerQuery / 1e15,
                    Efficiency.rpp(ndcgReranked, flopsEstimatedPerQuery), Efficiency.qpp(flopsEstimatedPerQuery),
                    Double.isNaN(flopsCountedPerQuery) ? "not counted (the engine runs an opaque graph)"
                        : String.format(Locale.ROOT, "%.4g (counted / estimated = %.4f; padding included)", flopsCountedPerQuery,
                            flopsCountedPerQuery / flopsEstimatedPerQuery),
                    Double.isNaN(layersExecutedPerSequence) ? "not reported" : String.format(Locale.ROOT, "%.2f executed", layersExecutedPerSequence),
                    repeats);
            }
            return String.format(Locale.ROOT, """
                DL19 passage, %d queries, BM25 top-%d reranked inside %s by [%s] through %s
                  NDCG@10 first stage (BM25): %.4f
                  NDCG@10 reranked:           %.4f
                  fallbacks:                  %d (read off the hits: a page that kept the first stage's top 10 and its scores)
                  model time per query:       %s
                  search took, with rerank:   mean %.1f ms, p50 %.1f ms; first stage alone (size 100): mean %.1f ms
                  plugin overhead per query:  %s
                  estimated FLOPs per query:  %s
                  counted FLOPs per query:    %s
                  layers per sequence:        %s
                  timings over %d repeat(s) of every query""",
                queries, WINDOW, engine, model, surface, ndcgFirstStage, ndcgReranked, fallbacks, NOT_REPORTED,
                meanRerankTookMs, p50RerankTookMs, meanFirstStageMs, NOT_REPORTED,
                Double.isNaN(flopsEstimatedPerQuery) ? NOT_REPORTED + "; the job estimates bundled bi-encoders only"
                    : String.format(Locale.ROOT, "%.4g (%.6f PFLOPs; RPP %.1f, QPP %.1f), computed by the job: E2R-FLOPs of each text's "
                        + "token count under the model's tokenizer, as the plugin estimates a bi-encoder", flopsEstimatedPerQuery,
                        flopsEstimatedPerQuery / 1e15, rpp(), qpp()),
                NOT_REPORTED, NOT_REPORTED, repeats);
        }

        public String jsonLine(String url, int shards) throws IOException {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("job", "main");
            if (engine.equals("OpenSearch") == false) {
                m.put("engine", engine.toLowerCase(Locale.ROOT));
                m.put("surface", surface);
                m.put("details_reported", details);
            }
            m.put("model", model);
            m.put("queries", queries);
            m.put("shards", shards);
            m.put("ndcg@10_first_stage", ndcgFirstStage);
            m.put("ndcg@10_reranked", ndcgReranked);
            m.put("fallbacks", fallbacks);
            m.put("model_ms_mean", orNull(meanModelMs));
            m.put("model_ms_p50", orNull(p50ModelMs));
            m.put("search_took_ms_mean", meanRerankTookMs);
            m.put("first_stage_took_ms_mean", meanFirstStageMs);
            m.put("plugin_overhead_ms_mean", orNull(meanInPluginMs));
            m.put("rpp", orNull(rpp()));
            m.put("qpp", orNull(qpp()));
            m.put("pflops_per_query_estimated", orNull(flopsEstimatedPerQuery / 1e15));
            m.put("pflops_per_query_counted", orNull(flopsCountedPerQuery / 1e15));
            m.put("layers_executed_per_sequence", orNull(layersExecutedPerSequence));
            m.put("cores", Runtime.getRuntime().availableProcessors());
            return RestJson.toJson(m);
        }

        /** NaN where no FLOPs are known (a node without details, a model the job cannot estimate). */
        private double rpp() {
            return Double.isNaN(flopsEstimatedPerQuery) ? Double.NaN : Efficiency.rpp(ndcgReranked, flopsEstimatedPerQuery);
        }

        private double qpp() {
            return Double.isNaN(flopsEstimatedPerQuery) ? Double.NaN : Efficiency.qpp(flopsEstimatedPerQuery);
        }

        private static Double orNull(double v) {
            return Double.isNaN(v) ? null : v;
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
        boolean allDetails = true;
        TokenCountFlops jobFlops = null;
        List<Double> modelMs = new ArrayList<>();
        List<Double> rerankTookMs = new ArrayList<>();
        List<Double> inPluginMs = new ArrayList<>();
        // one untimed query first: the node loads the model on first use
        node.ok("POST", "/" + index + "/_search", route.rerankSearch(queries.get(0), model));
        // the node's stats then cover exactly the measured queries
        if (statsAvailable()) {
            node.ok("POST", route.statsPath() + "/_reset", null);
        }
        double firstStageMs = 0;
        for (int rep = 0; rep < repeats; rep++) {
            for (Dl19.Query q : queries) {
                RestJson.Reply plain = node.ok("POST", "/" + index + "/_search", search(q, null));
                RestJson.Reply reranked = node.ok("POST", "/" + index + "/_search", route.rerankSearch(q, model));
                Map<String, Object> ext = route.details(reranked);
                allDetails &= ext != null;
                boolean ok = ext != null ? "reranked".equals(ext.get("status")) : route.keptFirstStage(reranked, plain) == false;
                if (rep == 0) {
                    ndcgFirst += ndcg10(plain, qrels.of(q.qid()));
                    ndcgRerank += ndcg10(reranked, qrels.of(q.qid()));
                    if (ok == false) {
                        fallbacks++;
                        System.err.println("[main-job] query " + q.qid() + " fell back: " + (ext != null ? ext : "the page kept the first stage"));
                    } else if (ext == null) {
                        if (jobFlops == null) {
                            jobFlops = TokenCountFlops.forModel(model).orElse(null);
                        }
                        flops += jobFlops == null ? Double.NaN : jobFlops.estimate(q.text(), q.hits().stream().map(Dl19.Hit::text).toList());
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
                    rerankTookMs.add(((Number) reranked.body().get("took")).doubleValue());
                    firstStageMs += ((Number) plain.body().get("took")).doubleValue();
                    if (ext != null) {
                        modelMs.add(((Number) ext.get("model_took_ms")).doubleValue());
                        inPluginMs.add(((Number) ext.get("plugin_overhead_us")).doubleValue() / 1000.0);
                    }
                }
            }
        }
        int n = queries.size();
        return new Result(model, n, ndcgFirst / n, ndcgRerank / n, fallbacks, mean(modelMs), p50(modelMs), mean(rerankTookMs), p50(rerankTookMs),
            rerankTookMs.isEmpty() ? 0 : firstStageMs / rerankTookMs.size(), mean(inPluginMs), flops / Math.max(1, n - fallbacks),
            countedQueries == n - fallbacks && countedQueries > 0 ? counted / countedQueries : Double.NaN,
            sequences > 0 ? (double) layersExecuted / sequences : Double.NaN, repeats, route.engine(), route.surface(), allDetails);
    }

    /** Whether the node serves the plugin's stats endpoint. */
    boolean statsAvailable() throws IOException, InterruptedException {
        return node.call("GET", route.statsPath(), null).status() == 200;
    }

    /**
     * Whether the node serves {@code _eval}: an empty body is refused by the endpoint naming a field, and by a node
     * without it as a path nothing handles.
     */
    boolean evalAvailable() throws IOException, InterruptedException {
        RestJson.Reply r = node.call("POST", route.evalPath(), Map.of());
        return r.status() != 404 && r.status() != 405 && String.valueOf(r.body()).contains("no handler found") == false;
    }

    /** The node's stats, cluster section. */
    public Map<String, Object> clusterStats() throws IOException, InterruptedException {
        return node.ok("GET", route.statsPath(), null).at("cluster");
    }

    /**
     * {@code POST _plugins/_llm_rerank/_eval} over the same queries and qrels: the plugin runs each request with and without
     * the clause and returns NDCG@10, RPP and QPP, and records the judged queries into the stats.
     */
    public Map<String, Object> evaluate(List<Dl19.Query> queries, Path qrelsFile, String model) throws IOException, InterruptedException {
        List<Map<String, Object>> requests = new ArrayList<>();
        for (Dl19.Query q : queries) {
            requests.add(Map.of("id", q.qid(), "request", route.evalSearch(q, model)));
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("index", index);
        body.put("id_field", "docid");
        body.put("k", 10);
        body.put("requests", requests);
        body.put("qrels_trec", java.nio.file.Files.readString(qrelsFile));
        Map<String, Object> out = new LinkedHashMap<>(node.ok("POST", route.evalPath(), body).body());
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
