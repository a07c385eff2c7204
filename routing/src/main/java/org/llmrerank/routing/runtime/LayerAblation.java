package org.llmrerank.routing.runtime;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.llmrerank.estimator.EvalOptions;
import org.llmrerank.estimator.Evaluator;
import org.llmrerank.estimator.Qrels;
import org.llmrerank.estimator.QueryCandidates;
import org.llmrerank.estimator.Run;
import org.llmrerank.estimator.ScoredDoc;
import org.llmrerank.routing.Cancellation;
import org.llmrerank.routing.Cosine;
import org.llmrerank.routing.QueryPassageInputs;
import org.llmrerank.routing.onnx.EncoderException;
import org.llmrerank.routing.tokenizer.Encoding;

/**
 * How much ranking quality each layer of a bi-encoder carries, measured by running every query's window along fixed
 * paths that leave layers out. This is the ceiling analysis for Dr.LLM routing on a bi-encoder: a router sees one
 * sequence (a passage, or the query), never the pair, so what it can skip without hurting NDCG@10 is bounded by what
 * leaving layers out of passages costs.
 *
 * <p>Two readings per skip set, from the same passage embeddings: passages only (the query at full depth, as router
 * training of scope sequence trains) and symmetric (the query along the same shortened path, so both sides come from
 * the same smaller network). Counted FLOPs are the runtime's, per query.
 */
public final class LayerAblation {

    /**
     * One path's result.
     *
     * @param skipped               layers left out (none: full depth)
     * @param layersExecuted        layer applications of the path
     * @param ndcgPassagesOnly      NDCG@10 with the passages along the path, the query at full depth
     * @param ndcgSymmetric         NDCG@10 with query and passages along the path
     * @param countedPflopsPerQuery what the path counts per query
     */
    public record Row(Set<Integer> skipped, int layersExecuted, double ndcgPassagesOnly, double ndcgSymmetric,
                      double countedPflopsPerQuery) {}

    private LayerAblation() {}

    /** Full depth, then every single layer left out: one pass per batch shares the prefixes ({@link LeaveOneLayerOut}). */
    public static List<Row> eachLayer(RoutedBiEncoder encoder, List<QueryCandidates> queries, Qrels qrels, int docs) {
        int layers = encoder.encoder().config().layers();
        List<Set<Integer>> all = new ArrayList<>();
        all.add(Set.of());
        for (int l = 0; l < layers; l++) {
            all.add(Set.of(l));
        }
        Embeddings e = new Embeddings(all);
        for (QueryCandidates q : queries) {
            LeaveOneLayerOut.Embeddings run = LeaveOneLayerOut.embed(encoder.encoder(), inputs(encoder, q, docs));
            e.fullFlops += run.counted();
            e.add(Set.of(), run.full());
            for (int l = 0; l < layers; l++) {
                e.add(Set.of(l), run.without()[l]);
            }
        }
        return rows(e, queries, qrels, docs, layers);
    }

    /** Full depth, then each of {@code skipSets}: one pass per set. */
    public static List<Row> paths(RoutedBiEncoder encoder, List<QueryCandidates> queries, Qrels qrels, int docs,
                                  List<Set<Integer>> skipSets) throws EncoderException {
        int layers = encoder.encoder().config().layers();
        List<Set<Integer>> all = new ArrayList<>();
        all.add(Set.of());
        all.addAll(skipSets);
        Embeddings e = new Embeddings(all);
        for (QueryCandidates q : queries) {
            List<Encoding> inputs = inputs(encoder, q, docs);
            for (Set<Integer> skip : all) {
                EncodedBatch run = encoder.encoder().embed(inputs, without(layers, skip), new Cancellation());
                if (skip.isEmpty()) {
                    e.fullFlops += run.countedFlops();
                }
                e.add(skip, run.embeddings());
            }
        }
        return rows(e, queries, qrels, docs, layers);
    }

    /** Every layer in order except those in {@code skip}. */
    public static LayerPath without(int layers, Set<Integer> skip) {
        List<Integer> kept = new ArrayList<>();
        for (int l = 0; l < layers; l++) {
            if (!skip.contains(l)) {
                kept.add(l);
            }
        }
        return new LayerPath(kept);
    }

    /** Per skip set (full depth first): query-side and passage-side embeddings per query. */
    private static final class Embeddings {
        final Map<Set<Integer>, List<float[]>> queries = new LinkedHashMap<>();
        final Map<Set<Integer>, List<float[][]>> passages = new LinkedHashMap<>();
        double fullFlops;

        Embeddings(List<Set<Integer>> skipSets) {
            skipSets.forEach(k -> {
                queries.put(k, new ArrayList<>());
                passages.put(k, new ArrayList<>());
            });
        }

        /** Row 0 is the query (QueryPassageInputs' layout), the rest its passages. */
        void add(Set<Integer> skip, float[][] rows) {
            queries.get(skip).add(rows[0]);
            passages.get(skip).add(QueryPassageInputs.passageRows(rows));
        }
    }

    private static List<Encoding> inputs(RoutedBiEncoder encoder, QueryCandidates q, int docs) {
        List<String> texts = window(q, docs).stream().map(QueryCandidates.Candidate::content).toList();
        return QueryPassageInputs.of(encoder.encodeQuery(q.query()), texts, encoder::encodePassage);
    }

    private static List<Row> rows(Embeddings e, List<QueryCandidates> queries, Qrels qrels, int docs, int layers) {
        List<float[]> fullQueries = e.queries.get(Set.of());
        List<Row> rows = new ArrayList<>();
        for (Set<Integer> skip : e.queries.keySet()) {
            Map<String, List<ScoredDoc>> passagesOnly = new LinkedHashMap<>();
            Map<String, List<ScoredDoc>> symmetric = new LinkedHashMap<>();
            for (int qi = 0; qi < queries.size(); qi++) {
                List<QueryCandidates.Candidate> window = window(queries.get(qi), docs);
                float[][] p = e.passages.get(skip).get(qi);
                passagesOnly.put(queries.get(qi).qid(), ranked(window, fullQueries.get(qi), p));
                symmetric.put(queries.get(qi).qid(), ranked(window, e.queries.get(skip).get(qi), p));
            }
            LayerPath path = without(layers, skip);
            // every BERT block has the same shape, so a path's counted FLOPs are its share of the full path's
            rows.add(new Row(skip, path.applications(),
                Evaluator.evaluate(qrels, new Run(passagesOnly), EvalOptions.trecDl()).ndcg(),
                Evaluator.evaluate(qrels, new Run(symmetric), EvalOptions.trecDl()).ndcg(),
                e.fullFlops * path.applications() / layers / queries.size() / 1e15));
        }
        return rows;
    }

    private static List<QueryCandidates.Candidate> window(QueryCandidates q, int docs) {
        return q.candidates().subList(0, Math.min(docs, q.candidates().size()));
    }

    private static List<ScoredDoc> ranked(List<QueryCandidates.Candidate> window, float[] query, float[][] passages) {
        List<ScoredDoc> docs = new ArrayList<>();
        for (int i = 0; i < window.size(); i++) {
            docs.add(new ScoredDoc(window.get(i).docid(), Cosine.of(query, passages[i])));
        }
        docs.sort((x, y) -> Double.compare(y.score(), x.score())); // stable: ties keep first-stage order
        return docs;
    }
}
