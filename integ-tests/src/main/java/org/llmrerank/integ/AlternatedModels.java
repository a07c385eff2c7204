package org.llmrerank.integ;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.llmrerank.estimator.Qrels;
import org.llmrerank.estimator.QrelsReader;

/**
 * Two models on the same node, alternated query by query (which one goes first swaps every query), so both see the
 * same machine load: a shared machine's load drifts over minutes, and two runs one after the other compare the drift as
 * much as the models. Model time is what each search's details report ({@code model_took_ms}); the ratio is quoted as
 * the ratio of means and as the median of per-query ratios.
 */
final class AlternatedModels {

    private final RestJson node;
    private final String index;
    private final RerankRoute route;

    AlternatedModels(RestJson node, String index, RerankRoute route) {
        this.node = node;
        this.index = index;
        this.route = route;
    }

    /** One model's side of the comparison. */
    record Side(String model, double ndcg10, double meanModelMs, double p50ModelMs, int fallbacks) {}

    record Comparison(Side a, Side b, double ratioOfMeans, double medianOfRatios, int queries, int repeats) {

        String report() {
            return String.format(Locale.ROOT, """
                [%s] vs [%s], alternated query by query (%d queries x %d repeat(s), first model swapped every query)
                  NDCG@10:                %.4f vs %.4f
                  model time per query:   mean %.1f vs %.1f ms, p50 %.1f vs %.1f ms
                  model time %s / %s: %.3fx (ratio of means), %.3fx (median of per-query ratios)
                  fallbacks:              %d vs %d""",
                a.model(), b.model(), queries, repeats, a.ndcg10(), b.ndcg10(), a.meanModelMs(), b.meanModelMs(), a.p50ModelMs(),
                b.p50ModelMs(), a.model(), b.model(), ratioOfMeans, medianOfRatios, a.fallbacks(), b.fallbacks());
        }
    }

    Comparison compare(List<Dl19.Query> queries, Path qrelsFile, String modelA, String modelB, int repeats)
            throws IOException, InterruptedException {
        if (queries.isEmpty() || repeats < 1) {
            throw new IllegalArgumentException("a comparison needs at least one query and one repeat");
        }
        Qrels qrels = QrelsReader.read(qrelsFile);
        // each model loads on first use: one untimed query each
        node.ok("POST", "/" + index + "/_search", route.rerankSearch(queries.get(0), modelA));
        node.ok("POST", "/" + index + "/_search", route.rerankSearch(queries.get(0), modelB));
        List<Double> msA = new ArrayList<>();
        List<Double> msB = new ArrayList<>();
        List<Double> ratios = new ArrayList<>();
        double ndcgA = 0;
        double ndcgB = 0;
        int fallbacksA = 0;
        int fallbacksB = 0;
        int turn = 0;
        for (int rep = 0; rep < repeats; rep++) {
            for (Dl19.Query q : queries) {
                boolean aFirst = turn++ % 2 == 0;
                RestJson.Reply first = node.ok("POST", "/" + index + "/_search", route.rerankSearch(q, aFirst ? modelA : modelB));
                RestJson.Reply second = node.ok("POST", "/" + index + "/_search", route.rerankSearch(q, aFirst ? modelB : modelA));
                RestJson.Reply ra = aFirst ? first : second;
                RestJson.Reply rb = aFirst ? second : first;
                Double a = modelMs(ra);
                Double b = modelMs(rb);
                if (rep == 0) {
                    ndcgA += Dl19Runner.ndcg10(ra, qrels.of(q.qid()));
                    ndcgB += Dl19Runner.ndcg10(rb, qrels.of(q.qid()));
                    fallbacksA += a == null ? 1 : 0;
                    fallbacksB += b == null ? 1 : 0;
                }
                if (a != null && b != null) {
                    msA.add(a);
                    msB.add(b);
                    if (b > 0) {
                        ratios.add(a / b);
                    }
                }
            }
        }
        int n = queries.size();
        double meanA = Dl19Runner.mean(msA);
        double meanB = Dl19Runner.mean(msB);
        return new Comparison(new Side(modelA, ndcgA / n, meanA, Dl19Runner.p50(msA), fallbacksA),
            new Side(modelB, ndcgB / n, meanB, Dl19Runner.p50(msB), fallbacksB), meanA / meanB, Dl19Runner.p50(ratios), n, repeats);
    }

    /** The model time the search's details report; null when it fell back or the engine reports no details. */
    private Double modelMs(RestJson.Reply reply) throws IOException {
        Map<String, Object> details = route.details(reply);
        if (details == null || "reranked".equals(details.get("status")) == false) {
            return null;
        }
        return ((Number) details.get("model_took_ms")).doubleValue();
    }
}
