package org.llmrerank.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.Set;
import org.llmrerank.estimator.InputException;
import org.llmrerank.estimator.QueryCandidates;
import org.llmrerank.estimator.RankLlmJsonReader;
import org.llmrerank.routing.Cancellation;
import org.llmrerank.routing.onnx.EncoderException;
import org.llmrerank.routing.runtime.LayerPath;
import org.llmrerank.routing.runtime.RoutedBiEncoder;
import org.llmrerank.routing.runtime.RoutedBundledModel;
import org.llmrerank.routing.runtime.router.LayerRouters;
import org.llmrerank.routing.runtime.router.PathSearch;
import org.llmrerank.routing.runtime.router.RoutedRunner;
import org.llmrerank.routing.runtime.router.RouterTrainer;
import org.llmrerank.routing.tokenizer.Encoding;

/**
 * {@code train-routers}: Dr.LLM routers for bge-small (spec D) from DL19 passages.
 *
 * <p>Split: the routers see only the passages of the first {@code --train-queries} queries of the
 * run file (default 21 of 43); evaluate on the rest with {@code eval --skip-queries 21}.
 *
 * <p>Supervision: per sampled passage, MCTS ({@link PathSearch}) over its layer paths with the
 * reward "the passage's top-10 standing under its query is unchanged": with every other candidate
 * at its full-depth score, a passage ranked r <= 10 at full depth must keep rank r with its routed
 * embedding, and one ranked below 10 must stay below 10. This is exactly the condition under which
 * routing that one passage cannot change NDCG@10, so it is the task's agreement with full depth
 * on relevance ordering (a cosine threshold would be a proxy with an arbitrary constant). The query
 * stays at full depth. Passages sampled per query: the top {@code --top} by full-depth score and
 * {@code --per-query - --top} random others, so the labels see both regimes.
 */
final class TrainRoutersCommand {

    private final PrintStream out;

    TrainRoutersCommand(PrintStream out) {
        this.out = out;
    }

    int run(String[] argv) {
        Args args = new Args(argv, 1, Set.of());
        Path data = DataPaths.dataDir(args.string("data-dir"));
        String model = args.string("model", "bge-small");
        Path runFile = Path.of(args.string("run", data.resolve(DataPaths.BM25_RUN).toString()));
        args.string("qrels"); // accepted for symmetry with eval; the reward does not use qrels
        String outFile = args.string("out");
        int trainQueries = args.integer("train-queries", 21);
        int perQuery = args.integer("per-query", 14);
        int top = args.integer("top", 8);
        int simulations = args.integer("simulations", 16);
        int epochs = args.integer("epochs", 25);
        int seed = args.integer("seed", 42);
        args.rejectUnread();
        if (outFile == null) {
            throw new UsageException("train-routers needs --out FILE");
        }
        if (!model.equalsIgnoreCase("bge-small") && !model.equalsIgnoreCase(RoutedBundledModel.BGE_SMALL.modelName())) {
            throw new UsageException("train-routers supports --model bge-small only");
        }
        List<QueryCandidates> all = RankLlmJsonReader.read(runFile);
        List<QueryCandidates> train = all.subList(0, Math.min(trainQueries, all.size()));
        long t0 = System.nanoTime();
        try (RoutedBiEncoder encoder = RoutedBundledModel.BGE_SMALL.load(512, RuntimeModels.BATCH_SIZE)) {
            RoutedRunner runner = new RoutedRunner(encoder.encoder().model(), encoder.encoder().pooling(), encoder.encoder().padId());
            int layers = runner.layers();
            LayerPath full = LayerPath.full(layers);
            Random random = new Random(seed);
            List<RouterTrainer.Example> examples = new ArrayList<>();
            long[] labelCounts = new long[3];
            long bestLength = 0;
            int evaluations = 0;
            for (QueryCandidates q : train) {
                List<String> texts = q.candidates().stream().map(QueryCandidates.Candidate::content).toList();
                var e = encoder.embed(q.query(), texts, full, new Cancellation()).texts();
                int n = texts.size();
                double[] scores = new double[n];
                for (int i = 0; i < n; i++) {
                    scores[i] = dot(e.query(), e.passages()[i]);
                }
                Integer[] byScore = new Integer[n];
                for (int i = 0; i < n; i++) {
                    byScore[i] = i;
                }
                Arrays.sort(byScore, (a, b) -> Double.compare(scores[b], scores[a]));
                List<Integer> chosen = new ArrayList<>(Arrays.asList(byScore).subList(0, Math.min(top, n)));
                List<Integer> rest = new ArrayList<>(Arrays.asList(byScore).subList(Math.min(top, n), n));
                Collections.shuffle(rest, random);
                chosen.addAll(rest.subList(0, Math.min(perQuery - chosen.size(), rest.size())));
                for (int j : chosen) {
                    Encoding text = encoder.encodePassage(texts.get(j));
                    int rank = rank(scores, j, scores[j]);
                    PathSearch search = new PathSearch(layers, simulations, seed + j);
                    PathSearch.Result best = search.search(path -> {
                        double s = dot(e.query(), runner.run(text, path).embedding());
                        int r = rank(scores, j, s);
                        return (rank <= 10 ? r == rank : r > 10) ? 1 : 0;
                    });
                    evaluations += best.evaluations();
                    bestLength += best.path().applications();
                    for (int c : best.counts()) {
                        labelCounts[c]++;
                    }
                    examples.add(new RouterTrainer.Example(runner.routerInputs(text, best.counts()), best.counts()));
                }
                out.printf(Locale.ROOT, "query %s: %d passages searched, %.0f s so far%n", q.qid(), chosen.size(),
                        (System.nanoTime() - t0) / 1e9);
            }
            long t1 = System.nanoTime();
            LayerRouters routers = LayerRouters.xavier(layers, encoder.encoder().config().hidden(), 128, seed);
            RouterTrainer.Options o = RouterTrainer.Options.paper();
            o = new RouterTrainer.Options(epochs, o.batchSize(), o.lr(), o.weightDecay(), o.warmupSteps(), o.gamma(), o.beta(), seed);
            double loss = RouterTrainer.train(routers, examples, o);
            routers.save(Path.of(outFile));
            out.printf(Locale.ROOT, "MCTS: %d passages of %d queries, %d simulations each, %d path evaluations, %.0f s; "
                            + "labels skip/execute/repeat %d/%d/%d; mean MCTS path length %.2f of %d%n",
                    examples.size(), train.size(), simulations, evaluations, (t1 - t0) / 1e9, labelCounts[0], labelCounts[1],
                    labelCounts[2], (double) bestLength / examples.size(), layers);
            out.printf(Locale.ROOT, "training: %d epochs, final focal loss %.4f, %.0f s; wrote %s%n", epochs, loss,
                    (System.nanoTime() - t1) / 1e9, outFile);
            return Main.OK;
        } catch (IOException | EncoderException e) {
            throw new InputException("train-routers failed: " + e.getMessage());
        }
    }

    /** 1-based rank of candidate j if its score were s, the others at their full-depth scores. */
    private static int rank(double[] scores, int j, double s) {
        int r = 1;
        for (int k = 0; k < scores.length; k++) {
            if (k != j && scores[k] > s) {
                r++;
            }
        }
        return r;
    }

    private static double dot(float[] a, float[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) {
            s += (double) a[i] * b[i];
        }
        return s;
    }
}
