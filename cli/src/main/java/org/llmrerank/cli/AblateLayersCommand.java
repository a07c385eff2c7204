package org.llmrerank.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import org.llmrerank.cli.Args.UsageException;
import org.llmrerank.estimator.InputException;
import org.llmrerank.estimator.JsonOutput;
import org.llmrerank.estimator.Qrels;
import org.llmrerank.estimator.QrelsReader;
import org.llmrerank.estimator.QueryCandidates;
import org.llmrerank.estimator.RankLlmJsonReader;
import org.llmrerank.estimator.TrecDlFiles;
import org.llmrerank.rescorer.model.ModelFactory;
import org.llmrerank.routing.onnx.EncoderException;
import org.llmrerank.routing.runtime.LayerAblation;
import org.llmrerank.routing.runtime.RoutedBiEncoder;
import org.llmrerank.routing.runtime.RoutedBundledModel;

/**
 * {@code ablate-layers}: how much ranking quality each layer of bge-small carries ({@link LayerAblation}) on every
 * DL19 query's window: {@code passages_only} (the query at full depth) and {@code symmetric} (the query along the
 * same shortened path) per skip set, and the counted FLOPs per query.
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
            // shared prefixes for single layers: one pass per batch gives full depth and every leave-one-out
            List<LayerAblation.Row> rows = singles ? LayerAblation.eachLayer(encoder, queries, qrels, docs)
                    : LayerAblation.paths(encoder, queries, qrels, docs, skipSets);
            ArrayNode list = JsonOutput.object().putArray("paths");
            for (LayerAblation.Row r : rows) {
                ObjectNode row = list.addObject();
                ArrayNode skipped = row.putArray("skipped_layers");
                r.skipped().forEach(skipped::add);
                row.put("layers_executed", r.layersExecuted());
                row.put("ndcg@10_passages_only", r.ndcgPassagesOnly());
                row.put("ndcg@10_symmetric", r.ndcgSymmetric());
                row.put("counted_pflops_per_query", r.countedPflopsPerQuery());
                if (!json) {
                    out.printf(Locale.ROOT, "skip %-12s layers %2d  NDCG@10 passages-only %.4f  symmetric %.4f  counted PFLOPs/query %.6f%n",
                            r.skipped(), r.layersExecuted(), r.ndcgPassagesOnly(), r.ndcgSymmetric(), r.countedPflopsPerQuery());
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
}
