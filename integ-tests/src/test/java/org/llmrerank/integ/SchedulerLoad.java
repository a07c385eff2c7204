package org.llmrerank.integ;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.llmrerank.estimator.Qrels;
import org.llmrerank.estimator.QrelsReader;

/**
 * Open-loop load against a real node on loopback: DL19 queries arrive as a Poisson process at several rates, each with
 * the clause's {@code timeout} as its deadline, once under each scheduler policy ({@code fifo}: arrival order, whole
 * window, no early stop; {@code certaindex}: the scheduler), the two policies measured back to back at every rate so
 * that they share the machine's noise. Per point: deadline attainment (the model's ranking, full or degraded, came back
 * within the deadline; a first-stage fallback, a 429 or a late answer is a miss), NDCG@10 over all queries of the point
 * (fallbacks score the first stage), latency percentiles, and the scheduler's outcome counts.
 */
public final class SchedulerLoad {

    private static final ObjectMapper JSON = new ObjectMapper();

    public record Options(List<Double> rates, int queriesPerPoint, long deadlineMillis, List<String> policies, String model, long seed) {}

    private final RestJson node;
    private final String base;
    private final String index;
    private final Dl19 dl19;
    private final Qrels qrels;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    public SchedulerLoad(RestJson node, String baseUrl, String index, Dl19 dl19) throws java.io.IOException {
        this.node = node;
        this.base = baseUrl;
        this.index = index;
        this.dl19 = dl19;
        this.qrels = QrelsReader.read(dl19.qrels());
    }

    private record Sample(String qid, int status, long latencyMillis, String llmStatus, String cause, String outcome, double ndcg,
                          boolean retryAfter) {}

    public Map<String, Object> run(Options o) throws Exception {
        List<Map<String, Object>> points = new ArrayList<>();
        for (double rate : o.rates()) {
            for (String policy : o.policies()) {
                points.add(point(o, policy, rate));
                System.err.println("[load] " + JSON.writeValueAsString(points.get(points.size() - 1)));
            }
        }
        Map<String, Object> summary = new LinkedHashMap<>();
        summary.put("job", "scheduler-load");
        summary.put("model", o.model());
        summary.put("deadline_ms", o.deadlineMillis());
        summary.put("queries_per_point", o.queriesPerPoint());
        summary.put("cores", Runtime.getRuntime().availableProcessors());
        summary.put("points", points);
        Map<String, Object> sustainable = new LinkedHashMap<>();
        for (String policy : o.policies()) {
            double best = 0;
            Double ndcg = null;
            for (Map<String, Object> p : points) {
                if (policy.equals(p.get("policy")) && ((Number) p.get("attainment")).doubleValue() >= 0.95 && (double) p.get("rate") > best) {
                    best = (double) p.get("rate");
                    ndcg = (Double) p.get("ndcg@10");
                }
            }
            sustainable.put(policy, Map.of("rate", best, "ndcg@10", ndcg == null ? Double.NaN : ndcg));
        }
        summary.put("sustainable_at_95pct", sustainable);
        return summary;
    }

    private Map<String, Object> point(Options o, String policy, double rate) throws Exception {
        node.ok("PUT", "/_cluster/settings", Map.of("transient", Map.of("plugins.llm_rerank.scheduler.policy", policy)));
        node.ok("POST", "/_plugins/_llm_rerank/stats/_reset", null);
        Random random = new Random(o.seed() + Double.hashCode(rate));
        List<Dl19.Query> order = new ArrayList<>(dl19.queries());
        Collections.shuffle(order, random);
        List<CompletableFuture<Sample>> futures = new ArrayList<>();
        long start = System.nanoTime();
        double at = 0;
        for (int i = 0; i < o.queriesPerPoint(); i++) {
            at += -Math.log(1 - random.nextDouble()) / rate; // exponential inter-arrival: Poisson arrivals
            long due = start + (long) (at * 1e9);
            long wait = due - System.nanoTime();
            if (wait > 0) {
                TimeUnit.NANOSECONDS.sleep(wait);
            }
            futures.add(send(order.get(i % order.size()), o));
        }
        List<Sample> samples = new ArrayList<>();
        for (CompletableFuture<Sample> f : futures) {
            samples.add(f.get(o.deadlineMillis() + 60_000, TimeUnit.MILLISECONDS));
        }
        long attained = samples.stream().filter(s -> s.status() == 200 && "reranked".equals(s.llmStatus())
            && s.latencyMillis() <= o.deadlineMillis() + 1000).count();
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("policy", policy);
        p.put("rate", rate);
        p.put("queries", samples.size());
        p.put("attainment", attained / (double) samples.size());
        p.put("ndcg@10", samples.stream().mapToDouble(Sample::ndcg).average().orElse(Double.NaN));
        List<Long> lat = samples.stream().map(Sample::latencyMillis).sorted().toList();
        p.put("latency_ms_p50", lat.get(lat.size() / 2));
        p.put("latency_ms_p95", lat.get(Math.min(lat.size() - 1, (int) Math.ceil(lat.size() * 0.95) - 1)));
        p.put("http_429", samples.stream().filter(s -> s.status() == 429).count());
        p.put("http_429_with_retry_after", samples.stream().filter(s -> s.status() == 429 && s.retryAfter()).count());
        p.put("http_other_errors", samples.stream().filter(s -> s.status() != 200 && s.status() != 429).count());
        Map<String, Long> outcomes = new java.util.TreeMap<>();
        for (Sample s : samples) {
            String key = s.status() != 200 ? "http_" + s.status() : "reranked".equals(s.llmStatus()) ? s.outcome() : "fallback_" + s.cause();
            outcomes.merge(key, 1L, Long::sum);
        }
        p.put("outcomes", outcomes);
        p.put("wall_s", (System.nanoTime() - start) / 1e9);
        return p;
    }

    @SuppressWarnings("unchecked")
    private CompletableFuture<Sample> send(Dl19.Query q, Options o) throws Exception {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("size", 10);
        body.put("query", Dl19Index.firstStageQuery(q.qid()));
        body.put("_source", List.of("docid"));
        body.put("rescore", Map.of("window_size", Dl19Runner.WINDOW, "llm_rerank", Map.of(
            "model", o.model(), "field", "text", "query_text", q.text(), "timeout", o.deadlineMillis() + "ms")));
        HttpRequest req = HttpRequest.newBuilder(URI.create(base + "/" + index + "/_search")).timeout(Duration.ofMinutes(2))
            .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body))).build();
        long t0 = System.nanoTime();
        return http.sendAsync(req, HttpResponse.BodyHandlers.ofString()).thenApply(r -> {
            long ms = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
            try {
                Map<String, Object> m = JSON.readValue(r.body(), Map.class);
                RestJson.Reply reply = new RestJson.Reply(r.statusCode(), m);
                if (r.statusCode() != 200) {
                    return new Sample(q.qid(), r.statusCode(), ms, null, null, null, firstStageNdcg(q), r.headers().firstValue("Retry-After").isPresent());
                }
                Map<String, Object> ext = reply.at("ext", "llm_rerank");
                Map<String, Object> sched = ext == null ? null : (Map<String, Object>) ext.get("scheduler");
                return new Sample(q.qid(), 200, ms, ext == null ? null : (String) ext.get("status"), ext == null ? null : (String) ext.get("fallback_cause"),
                    sched == null ? "complete" : (String) sched.get("outcome"), Dl19Runner.ndcg10(reply, qrels.of(q.qid())), false);
            } catch (Exception e) {
                return new Sample(q.qid(), -1, ms, null, String.valueOf(e), null, firstStageNdcg(q), false);
            }
        });
    }

    /** A query that got no ranking from the model keeps the first stage: score it as such. */
    private double firstStageNdcg(Dl19.Query q) {
        List<org.llmrerank.estimator.ScoredDoc> docs = new ArrayList<>();
        for (Dl19.Hit h : q.hits().subList(0, Math.min(10, q.hits().size()))) {
            docs.add(new org.llmrerank.estimator.ScoredDoc(h.docid(), h.bm25()));
        }
        return org.llmrerank.estimator.TrecMetrics.ndcgCut(org.llmrerank.estimator.QueryRelevance.of(docs, qrels.of(q.qid())), 10);
    }

    public static String format(Map<String, Object> summary) {
        StringBuilder sb = new StringBuilder();
        sb.append(String.format(Locale.ROOT, "%-11s %6s %10s %8s %8s %8s %s%n", "policy", "rate", "attain", "ndcg@10", "p50_ms", "p95_ms", "outcomes"));
        for (Object o : (List<?>) summary.get("points")) {
            Map<?, ?> p = (Map<?, ?>) o;
            sb.append(String.format(Locale.ROOT, "%-11s %6.2f %10.3f %8.4f %8d %8d %s%n", p.get("policy"), p.get("rate"), p.get("attainment"),
                p.get("ndcg@10"), p.get("latency_ms_p50"), p.get("latency_ms_p95"), p.get("outcomes")));
        }
        sb.append("sustainable rate at 95% attainment: ").append(summary.get("sustainable_at_95pct"));
        return sb.toString();
    }
}
