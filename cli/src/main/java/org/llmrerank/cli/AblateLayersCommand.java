package org.llmrerank.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.llmrerank.estimator.EvalOptions;
import org.llmrerank.estimator.Evaluator;
import org.llmrerank.estimator.InputException;
import org.llmrerank.estimator.Qrels;
import org.llmrerank.estimator.QrelsReader;
import org.llmrerank.estimator.QueryCandidates;
import org.llmrerank.estimator.RankLlmJsonReader;
import org.llmrerank.estimator.Run;
import org.llmrerank.estimator.ScoredDoc;
import org.llmrerank.routing.Cancellation;
import org.llmrerank.routing.onnx.EncoderException;
import org.llmrerank.routing.QueryPassageInputs;
import org.llmrerank.routing.runtime.EncodedBatch;
import org.llmrerank.routing.runtime.LayerPath;
import org.llmrerank.routing.runtime.LeaveOneLayerOut;
import org.llmrerank.routing.tokenizer.Encoding;
import org.llmrerank.routing.runtime.RoutedBiEncoder;
import org.llmrerank.routing.runtime.RoutedBundledModel;
import org.llmrerank.estimator.TrecDlFiles;
import org.llmrerank.estimator.JsonOutput;
import org.llmrerank.routing.Cosine;
import org.llmrerank.cli.Args.UsageException;
import org.llmrerank.rescorer.model.ModelFactory;

/**
 * {@code ablate-layers}: how much ranking quality each layer of bge-small carries, measured by running
 * every DL19 query's window along fixed paths that leave layers out. This is the ceiling analysis for
 * Dr.LLM routing on a bi-encoder: a router sees one sequence (a passage, or the query), never the pair,
 * so what it can skip without hurting NDCG@10 is bounded by what leaving layers out of passages costs.
 *
 * <p>Two readings per skip set, from the same passage embeddings: {@code passages_only} (the query at full
 * depth, as {@code train-routers} trains) and {@code symmetric} (the query along the same shortened path,
 * so both sides come from the same smaller network). Counted FLOPs are the runtime's, per query.
 */
final class AblateLayersCommand {

    private final PrintStream out;

    AblateLayersCommand(PrintStream out) {
        this.out = out;
    }

    int run(String[] argv) {
        Args args = new Args(argv, 1, Set.of("json"));
        Path data = TrecDlFiles.dataDir(args.string("data-dir"));
        Path runFile = Path.of(args.string("run", data.resolve(TrecDlFiles.BM25_RUN).toString()));
        Path qrelsFile = Path.of(args.string("qrels", data.resolve(TrecDlFiles.QRELS).toString()));
        String skipText = args.string("skip");
        Integer maxQueries = args.integer("max-queries");
        int docs = args.integer("docs", 100);
        boolean json = args.flag("json");
        args.rejectUnread();
        List<QueryCandidates> queries = RankLlmJsonReader.read(runFile);
        if (maxQueries != null) {
            queries = queries.subList(0, Math.min(maxQueries, queries.size()));
        }
        Qrels qrels = QrelsReader.read(qrelsFile);
        try (RoutedBiEncoder encoder = RoutedBundledModel.BGE_SMALL.load(512, ModelFactory.FP32_BATCH_SIZE)) {
            int layers = encoder.encoder().config().layers();
            List<Set<Integer>> skipSets = skipSets(skipText, layers);
            boolean singles = skipText == null || skipText.isBlank();
            // per skip set (full depth first): query-side and passage-side embeddings per query
            List<Set<Integer>> all = new ArrayList<>();
            all.add(Set.of());
            all.addAll(skipSets);
            Map<Set<Integer>, List<float[]>> queryVectors = new LinkedHashMap<>();
            Map<Set<Integer>, List<float[][]>> passageVectors = new LinkedHashMap<>();
            all.forEach(k -> {
                queryVectors.put(k, new ArrayList<>());
                passageVectors.put(k, new ArrayList<>());
            });
            double fullFlops = 0;
            for (QueryCandidates q : queries) {
                List<String> texts = window(q, docs).stream().map(QueryCandidates.Candidate::content).toList();
                List<Encoding> inputs = QueryPassageInputs.of(encoder.encodeQuery(q.query()), texts, encoder::encodePassage);
                if (singles) { // shared prefixes: one pass per batch gives full depth and every leave-one-out
                    LeaveOneLayerOut.Embeddings e = LeaveOneLayerOut.embed(encoder.encoder(), inputs);
                    fullFlops += e.counted();
                    add(queryVectors, passageVectors, Set.of(), e.full());
                    for (int l = 0; l < layers; l++) {
                        add(queryVectors, passageVectors, Set.of(l), e.without()[l]);
                    }
                } else {
                    for (Set<Integer> skip : all) {
                        EncodedBatch e = encoder.encoder().embed(inputs, without(layers, skip), new Cancellation());
                        if (skip.isEmpty()) {
                            fullFlops += e.countedFlops();
                        }
                        add(queryVectors, passageVectors, skip, e.embeddings());
                    }
                }
            }
            List<float[]> fullQueries = queryVectors.get(Set.of());
            ArrayNode list = JsonOutput.object().putArray("paths");
            for (Set<Integer> skip : all) {
                Map<String, List<ScoredDoc>> passagesOnly = new LinkedHashMap<>();
                Map<String, List<ScoredDoc>> symmetric = new LinkedHashMap<>();
                for (int qi = 0; qi < queries.size(); qi++) {
                    List<QueryCandidates.Candidate> window = window(queries.get(qi), docs);
                    float[][] p = passageVectors.get(skip).get(qi);
                    passagesOnly.put(queries.get(qi).qid(), ranked(window, fullQueries.get(qi), p));
                    symmetric.put(queries.get(qi).qid(), ranked(window, queryVectors.get(skip).get(qi), p));
                }
                LayerPath path = without(layers, skip);
                ObjectNode row = list.addObject();
                ArrayNode skipped = row.putArray("skipped_layers");
                skip.forEach(skipped::add);
                row.put("layers_executed", path.applications());
                row.put("ndcg@10_passages_only", Evaluator.evaluate(qrels, new Run(passagesOnly), EvalOptions.trecDl()).ndcg());
                row.put("ndcg@10_symmetric", Evaluator.evaluate(qrels, new Run(symmetric), EvalOptions.trecDl()).ndcg());
                // every BERT block has the same shape, so a path's counted FLOPs are its share of the full path's
                row.put("counted_pflops_per_query", fullFlops * path.applications() / layers / queries.size() / 1e15);
                if (!json) {
                    out.printf(Locale.ROOT, "skip %-12s layers %2d  NDCG@10 passages-only %.4f  symmetric %.4f  counted PFLOPs/query %.6f%n",
                            skip, path.applications(), row.get("ndcg@10_passages_only").asDouble(),
                            row.get("ndcg@10_symmetric").asDouble(), row.get("counted_pflops_per_query").asDouble());
                }
            }
            if (json) {
                ObjectNode o = JsonOutput.object();
                o.put("model", RoutedBundledModel.BGE_SMALL.modelName());
                o.put("queries", queries.size());
                o.put("docs", docs);
                o.set("paths", list);
                out.println(JsonOutput.line(o));
            }
            return Main.OK;
        } catch (IOException | EncoderException e) {
            throw new InputException("ablate-layers failed: " + e.getMessage());
        }
    }

    private static List<QueryCandidates.Candidate> window(QueryCandidates q, int docs) {
        return q.candidates().subList(0, Math.min(docs, q.candidates().size()));
    }

    /** Row 0 is the query (QueryPassageInputs' layout), the rest its passages. */
    private static void add(Map<Set<Integer>, List<float[]>> queries, Map<Set<Integer>, List<float[][]>> passages,
                            Set<Integer> skip, float[][] rows) {
        queries.get(skip).add(rows[0]);
        passages.get(skip).add(QueryPassageInputs.passageRows(rows));
    }

    private static List<ScoredDoc> ranked(List<QueryCandidates.Candidate> window, float[] query, float[][] passages) {
        List<ScoredDoc> docs = new ArrayList<>();
        for (int i = 0; i < window.size(); i++) {
            docs.add(new ScoredDoc(window.get(i).docid(), Cosine.of(query, passages[i])));
        }
        docs.sort((x, y) -> Double.compare(y.score(), x.score())); // stable: ties keep first-stage order
        return docs;
    }

    /** "" or absent: each single layer; otherwise sets separated by ';', layers by ',' (e.g. "9;9,10;9,10,11"). */
    static List<Set<Integer>> skipSets(String text, int layers) {
        List<Set<Integer>> sets = new ArrayList<>();
        if (text == null || text.isBlank()) {
            for (int l = 0; l < layers; l++) {
                sets.add(Set.of(l));
            }
            return sets;
        }
        for (String part : text.split(";")) {
            Set<Integer> s = new TreeSet<>();
            for (String n : part.split(",")) {
                int l;
                try {
                    l = Integer.parseInt(n.trim());
                } catch (NumberFormatException e) {
                    throw new UsageException("--skip: '" + n.trim() + "' is not a layer number");
                }
                if (l < 0 || l >= layers) {
                    throw new UsageException("--skip: layer " + l + " is outside 0.." + (layers - 1));
                }
                s.add(l);
            }
            if (s.size() >= layers) {
                throw new UsageException("--skip: a path must keep at least one layer");
            }
            sets.add(s);
        }
        return sets;
    }

    static LayerPath without(int layers, Set<Integer> skip) {
        List<Integer> kept = new ArrayList<>();
        for (int l = 0; l < layers; l++) {
            if (!skip.contains(l)) {
                kept.add(l);
            }
        }
        return new LayerPath(kept);
    }
}
