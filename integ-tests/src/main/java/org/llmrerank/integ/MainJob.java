package org.llmrerank.integ;

import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The main job, against a running node: index the DL19 BM25 top-100 passages, run the 43 queries
 * first without and then with the {@code llm_rerank} rerank, print NDCG@10 before and after, the
 * model time and the plugin's own overhead per query.
 *
 * <p>First stage: each query's stored Anserini BM25 scores (over the full MS MARCO collection) are
 * replayed through a function_score query, so the first stage inside the engine is exactly the
 * published BM25 run (NDCG@10 0.5058) and the rerank is measured on the standard benchmark input.
 * BM25 computed by the engine over only these 4,300 passages would be a different, weaker baseline.
 *
 * <p>{@code --engine opensearch} (default) reranks through OpenSearch's rescore clause;
 * {@code --engine elasticsearch} through Elasticsearch's {@code llm_rerank} retriever, or its rescore clause with
 * {@code --surface rescore}. Where the node does not serve the plugin's stats or {@code _eval} endpoint, the job says so
 * instead of printing them.
 *
 * <p>{@code --against M} then runs the job's model and {@code M} alternated query by query on the same node and prints
 * their NDCG@10 and the ratio of their model times ({@link AlternatedModels}).
 *
 * <p>{@code --routers-dir D} (a directory of the node's models directory holding {@code routers.bin}) registers those
 * Dr.LLM routers over the job's model, with {@code --router-knob P} if given, and the job reranks with the routed model.
 */
public final class MainJob {

    public static void main(String[] args) throws Exception {
        Map<String, String> a = parseArgs(args);
        Path data = Path.of(a.getOrDefault("data", "../shared/data/trec-dl"));
        String url = a.getOrDefault("url", "http://127.0.0.1:19200");
        // bge-small's int8 graph on the layered runtime: its ranking (NDCG@10 0.6941 vs 0.6952) in less model time (the
        // full path is one session whose last layer computes the CLS row only), with the FLOPs counted per executed layer
        String model = a.getOrDefault("model", "bge-small-routed-int8");
        String routersDir = a.get("routers-dir");
        int shards = Integer.parseInt(a.getOrDefault("shards", "1"));
        int repeat = Integer.parseInt(a.getOrDefault("repeat", "1"));
        int maxQueries = Integer.parseInt(a.getOrDefault("max-queries", "1000"));
        RerankRoute route = route(a.getOrDefault("engine", "opensearch"), a.get("surface"));

        Dl19 dl19 = Dl19.load(data);
        RestJson node = new RestJson(url);
        Dl19Index.create(node, "dl19", shards, dl19);
        List<Dl19.Query> queries = dl19.queries().subList(0, Math.min(maxQueries, dl19.queries().size()));

        if (routersDir != null) {
            model = registerRouters(node, route, model, routersDir, a.get("router-knob"));
        }
        Dl19Runner runner = new Dl19Runner(node, "dl19", route);
        Dl19Runner.Result result = runner.run(queries, dl19.qrels(), model, repeat);
        System.out.println(result.report());
        System.out.println(result.jsonLine(url, shards));
        boolean stats = runner.statsAvailable();
        if (stats) {
            System.out.println(StatsSummary.ofSearches(route.statsPath(), runner.clusterStats()));
        } else {
            System.out.println("GET " + route.statsPath().substring(1) + ": not served by this node (the plugin has no stats endpoint on "
                + route.engine() + " yet)");
        }
        if (Boolean.parseBoolean(a.getOrDefault("eval", "true"))) {
            if (runner.evalAvailable()) {
                Map<String, Object> eval = runner.evaluate(queries, dl19.qrels(), model);
                System.out.println(StatsSummary.ofEval(route.evalPath(), eval, stats ? runner.clusterStats() : Map.of()));
            } else {
                System.out.println("POST " + route.evalPath().substring(1) + ": not served by this node (the plugin has no _eval endpoint on "
                    + route.engine() + " yet)");
            }
        }
        String against = a.get("against");
        if (against != null) {
            AlternatedModels.Comparison c = new AlternatedModels(node, "dl19", route).compare(queries, dl19.qrels(), model, against, repeat);
            System.out.println(c.report());
        }
        if (result.fallbacks() > 0) {
            System.err.println("[main-job] " + result.fallbacks() + " queries fell back to first-stage order");
            System.exit(1);
        }
    }

    /**
     * Registers the routers in {@code dir} (under the node's models directory) over {@code base} and returns the name the
     * job then reranks with: the base with its routers.
     */
    static String registerRouters(RestJson node, RerankRoute route, String base, String dir, String knob)
        throws IOException, InterruptedException {
        String name = base + "-with-routers";
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("path", dir);
        body.put("base", base);
        if (knob != null) {
            body.put("router_knob", Double.parseDouble(knob));
        }
        node.ok("PUT", route.modelsPath() + "/" + name, body);
        return name;
    }

    static RerankRoute route(String engine, String surface) {
        return switch (engine.trim().toLowerCase(Locale.ROOT)) {
            case "opensearch" -> {
                if (surface != null && surface.equals("rescore") == false) {
                    throw new IllegalArgumentException("--surface " + surface + ": OpenSearch reranks through the rescore clause only");
                }
                yield new OpenSearchRoute();
            }
            case "elasticsearch" -> new ElasticsearchRoute(ElasticsearchRoute.Surface.of(surface == null ? "retriever" : surface));
            default -> throw new IllegalArgumentException("--engine takes opensearch or elasticsearch, got " + engine);
        };
    }

    static Map<String, String> parseArgs(String[] args) {
        Map<String, String> m = new LinkedHashMap<>();
        for (int i = 0; i < args.length; i++) {
            if (args[i].startsWith("--") == false || i + 1 >= args.length) {
                throw new IllegalArgumentException("usage: MainJob --data DIR --url URL [--engine opensearch|elasticsearch] "
                    + "[--surface retriever|rescore] [--model M] [--shards N] [--repeat N] [--max-queries N] [--eval true|false] [--against M] [--routers-dir D --router-knob P]; "
                    + "bad argument " + args[i]);
            }
            m.put(args[i].substring(2), args[++i]);
        }
        return m;
    }

}
