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
import java.util.Map;
import org.llmrerank.estimator.EvalOptions;
import org.llmrerank.estimator.Evaluator;
import org.llmrerank.estimator.InputException;
import org.llmrerank.estimator.Qrels;
import org.llmrerank.estimator.QrelsReader;
import org.llmrerank.estimator.Run;
import org.llmrerank.estimator.ScoredDoc;
import org.llmrerank.estimator.QueryCandidates;
import org.llmrerank.estimator.RankLlmJsonReader;
import org.llmrerank.routing.Cancellation;
import org.llmrerank.routing.onnx.EncoderException;
import org.llmrerank.routing.runtime.LayerPath;
import org.llmrerank.routing.runtime.PrefixSharingEmbedder;
import org.llmrerank.routing.QueryPassageInputs;
import org.llmrerank.routing.runtime.RoutedBiEncoder;
import org.llmrerank.routing.runtime.RoutedBundledModel;
import org.llmrerank.routing.runtime.router.LayerRouters;
import org.llmrerank.routing.runtime.router.PathSearch;
import org.llmrerank.routing.runtime.router.RoutedRunner;
import org.llmrerank.routing.runtime.router.RouterTrainer;
import org.llmrerank.routing.tokenizer.Encoding;

/**
 * {@code train-routers}: Dr.LLM routers for bge-small from DL19 queries.
 *
 * <p>Split: with qrels (the default reward) the routers see only the first {@code --train-queries} queries of the run
 * file (default 21 of 43); evaluate on the rest with {@code eval --skip-queries 21}. With {@code --topics} they see
 * none of the run file's queries ({@code --train-queries} then counts topics), so every judged query is held out.
 *
 * <p>{@code --scope request} (default): one MCTS ({@link PathSearch}) per training query over the path that the query
 * and all its passages take together; reward 1 when the query's NDCG@10 (qrels, allowed on the training split) along
 * the path is at most {@code --tolerance} (0.01) below full depth; the reward re-scores the full-depth top
 * {@code --reward-depth} (30) passages along the path and keeps the rest below them (a training-time shortcut: the
 * evaluation reranks all 100). The routers learn the shortest such path from the
 * query's own hidden states; at inference the query routes and its passages follow (see {@link LayerRouters.Scope}).
 *
 * <p>{@code --reward agreement}: the reward needs no qrels: 1 when the path's ranking keeps full depth's top 10
 * ({@link FullDepthAgreement}, NDCG@10 against the full-depth order) at or above {@code --min-agreement} (0.9). With
 * {@code --topics FILE|msmarco-dev} the training queries are real queries outside the run file (by default the
 * 6,980 MS MARCO passage dev queries shipped in Anserini's jar), each with a BM25 top-100 over the run file's
 * passages ({@link Bm25Pool}); queries of the run file are never trained on, so {@code eval --routers} on the whole
 * run file is a held-out measurement ({@link TrainingTopics}).
 *
 * <p>{@code --scope sequence} (per-passage routing, kept for comparison): per sampled passage, MCTS over its own path with
 * the reward "the passage's top-10 standing under its query is unchanged": with every other candidate at its
 * full-depth score, a passage ranked r <= 10 at full depth must keep rank r with its routed embedding, and one ranked
 * below 10 must stay below 10, exactly the condition under which routing that one passage cannot change NDCG@10. The
 * query stays at full depth. Passages sampled per query: the top {@code --top} by full-depth score and
 * {@code --per-query - --top} random others. Measured: query-blind passage routers do not generalise
 * (held-out NDCG@10 -0.090 for -13% FLOPs): a passage alone does not say whether it matters to the query.
 */
final class TrainRoutersCommand {

    /** Pass states a query's path search keeps (each one batch's hidden state: a few hundred KB for DL19 passages). */
    private static final int MAX_KEPT_STATES = 1500;

    private final PrintStream out;

    TrainRoutersCommand(PrintStream out) {
        this.out = out;
    }

    int run(String[] argv) {
        Args args = new Args(argv, 1, Set.of());
        Path data = DataPaths.dataDir(args.string("data-dir"));
        String model = args.string("model", "bge-small");
        Path runFile = Path.of(args.string("run", data.resolve(DataPaths.BM25_RUN).toString()));
        Path qrelsFile = Path.of(args.string("qrels", data.resolve(DataPaths.QRELS).toString()));
        String scopeText = args.string("scope", "request");
        Double toleranceArg = args.number("tolerance");
        double tolerance = toleranceArg == null ? 0.01 : toleranceArg;
        String outFile = args.string("out");
        int trainQueries = args.integer("train-queries", 21);
        int perQuery = args.integer("per-query", 14);
        int top = args.integer("top", 8);
        int simulations = args.integer("simulations", 16);
        int rewardDepth = args.integer("reward-depth", 30);
        int epochs = args.integer("epochs", 25);
        int seed = args.integer("seed", 42);
        String topicsArg = args.string("topics");
        String rewardText = args.string("reward", topicsArg == null ? "qrels" : "agreement");
        Double minAgreementArg = args.number("min-agreement");
        double minAgreement = minAgreementArg == null ? 0.9 : minAgreementArg;
        Double minBm25Arg = args.number("min-bm25");
        double minBm25 = minBm25Arg == null ? 0 : minBm25Arg;
        args.rejectUnread();
        if (outFile == null) {
            throw new UsageException("train-routers needs --out FILE");
        }
        LayerRouters.Scope scope = switch (scopeText.toLowerCase(Locale.ROOT)) {
            case "request" -> LayerRouters.Scope.REQUEST;
            case "sequence", "passage" -> LayerRouters.Scope.SEQUENCE;
            default -> throw new UsageException("--scope must be request or sequence, got '" + scopeText + "'");
        };
        boolean agreement = switch (rewardText.toLowerCase(Locale.ROOT)) {
            case "agreement" -> true;
            case "qrels" -> false;
            default -> throw new UsageException("--reward must be qrels or agreement, got '" + rewardText + "'");
        };
        if (topicsArg != null && !agreement) {
            throw new UsageException("--topics queries have no qrels here: use --reward agreement");
        }
        if (topicsArg != null && scope != LayerRouters.Scope.REQUEST) {
            throw new UsageException("--topics trains routers of --scope request only");
        }
        if (!(minAgreement > 0 && minAgreement <= 1)) {
            throw new UsageException("--min-agreement must be in (0, 1], got " + minAgreement);
        }
        if (!(tolerance >= 0 && tolerance < 1)) {
            throw new UsageException("--tolerance must be in [0, 1), got " + tolerance);
        }
        if (!model.equalsIgnoreCase("bge-small") && !model.equalsIgnoreCase(RoutedBundledModel.BGE_SMALL.modelName())) {
            throw new UsageException("train-routers supports --model bge-small only");
        }
        List<QueryCandidates> all = RankLlmJsonReader.read(runFile);
        List<QueryCandidates> train = topicsArg == null
                ? all.subList(0, Math.min(trainQueries, all.size()))
                : TrainingTopics.select(TrainingTopics.read(topicsArg), all, trainQueries, minBm25, rewardDepth, out);
        long t0 = System.nanoTime();
        try (RoutedBiEncoder encoder = RoutedBundledModel.BGE_SMALL.load(512, RuntimeModels.BATCH_SIZE)) {
            RoutedRunner runner = new RoutedRunner(encoder.encoder().model(), encoder.encoder().pooling(), encoder.encoder().padId());
            int layers = runner.layers();
            Supervision s = scope == LayerRouters.Scope.REQUEST
                    ? requestSupervision(encoder, runner, train,
                            agreement ? Reward.agreement(minAgreement) : Reward.qrels(QrelsReader.read(qrelsFile), tolerance),
                            rewardDepth, simulations, seed, t0)
                    : passageSupervision(encoder, runner, train, perQuery, top, simulations, seed, t0);
            long t1 = System.nanoTime();
            LayerRouters routers = LayerRouters.xavier(layers, encoder.encoder().config().hidden(), 128, seed).withScope(scope);
            RouterTrainer.Options o = RouterTrainer.Options.paper();
            o = new RouterTrainer.Options(epochs, o.batchSize(), o.lr(), o.weightDecay(), o.warmupSteps(), o.gamma(), o.beta(), seed);
            double loss = RouterTrainer.train(routers, s.examples(), o);
            routers.save(Path.of(outFile));
            out.printf(Locale.ROOT, "MCTS (scope %s): %d %s of %d queries, %d simulations each, %d path evaluations, %.0f s; "
                            + "labels skip/execute/repeat %d/%d/%d; mean MCTS path length %.2f of %d%n",
                    scope.name().toLowerCase(Locale.ROOT), s.examples().size(),
                    scope == LayerRouters.Scope.REQUEST ? "queries" : "passages", train.size(), simulations, s.evaluations(),
                    (t1 - t0) / 1e9, s.labels()[0], s.labels()[1], s.labels()[2],
                    (double) s.pathLength() / s.examples().size(), layers);
            out.printf(Locale.ROOT, "training: %d epochs, final focal loss %.4f, %.0f s; wrote %s%n", epochs, loss,
                    (System.nanoTime() - t1) / 1e9, outFile);
            return Main.OK;
        } catch (IOException | EncoderException e) {
            throw new InputException("train-routers failed: " + e.getMessage());
        }
    }

    /** What the path search produced: one training example per searched unit. */
    private record Supervision(List<RouterTrainer.Example> examples, long[] labels, long pathLength, int evaluations) {
        static Supervision of(List<RouterTrainer.Example> examples, List<PathSearch.Result> results) {
            long[] labels = new long[3];
            long length = 0;
            int evaluations = 0;
            for (PathSearch.Result r : results) {
                for (int c : r.counts()) {
                    labels[c]++;
                }
                length += r.path().applications();
                evaluations += r.evaluations();
            }
            return new Supervision(examples, labels, length, evaluations);
        }
    }

    /**
     * When a path's ranking of one query's candidates earns reward 1. Made per query from its full-depth order, so
     * what a rule needs from full depth is computed once.
     */
    private interface Reward {

        /** Accepts rankings (candidate indices, best first) of {@code q}; full depth's order and scores given. */
        Acceptance forQuery(QueryCandidates q, List<Integer> fullOrder, double[] fullScores);

        interface Acceptance {
            boolean accepts(List<Integer> ranking);

            /** What the search was held to, for the progress line. */
            String describe();
        }

        /** The query's NDCG@10 (qrels) at most {@code tolerance} below its full-depth NDCG@10. */
        static Reward qrels(Qrels qrels, double tolerance) {
            return (q, fullOrder, fullScores) -> {
                double full = queryNdcg(q, fullOrder, fullScores, qrels);
                return new Acceptance() {
                    public boolean accepts(List<Integer> ranking) {
                        // scored by position, so the evaluator keeps the path's order
                        double[] scores = new double[fullScores.length];
                        for (int rank = 0; rank < ranking.size(); rank++) {
                            scores[ranking.get(rank)] = ranking.size() - rank;
                        }
                        return queryNdcg(q, ranking, scores, qrels) >= full - tolerance;
                    }

                    public String describe() {
                        return String.format(Locale.ROOT, "full NDCG@10 %.4f", full);
                    }
                };
            };
        }

        /** No qrels: the ranking keeps full depth's top 10 ({@link FullDepthAgreement}) at or above {@code minAgreement}. */
        static Reward agreement(double minAgreement) {
            return (q, fullOrder, fullScores) -> new Acceptance() {
                public boolean accepts(List<Integer> ranking) {
                    return FullDepthAgreement.ndcg(fullOrder, ranking) >= minAgreement;
                }

                public String describe() {
                    return "reward: agreement with full depth >= " + minAgreement;
                }
            };
        }
    }

    /**
     * Scope REQUEST: one search per training query over the path that the query and all its passages take together
     * (one embedding space per request). Reward 1 when {@code reward} accepts the query's ranking along the path, else
     * 0; the shortest such path is the label. The example is the query's own sequence under teacher forcing: at
     * inference the query's routers choose the request's path.
     */
    private Supervision requestSupervision(RoutedBiEncoder encoder, RoutedRunner runner, List<QueryCandidates> train, Reward reward,
                                           int rewardDepth, int simulations, int seed, long t0)
            throws EncoderException {
        int layers = runner.layers();
        List<RouterTrainer.Example> examples = new ArrayList<>();
        List<PathSearch.Result> results = new ArrayList<>();
        for (QueryCandidates q : train) {
            // full depth once: its order fixes which passages the reward re-scores (the top rewardDepth) and where the
            // rest stay (below them, in full-depth order): a routed path moves scores by little, so a passage far below
            // the top 10 at full depth does not enter it, and each path evaluation costs rewardDepth passages, not 100
            List<String> texts = q.candidates().stream().map(QueryCandidates.Candidate::content).toList();
            var e = encoder.embed(q.query(), texts, LayerPath.full(layers), new Cancellation()).texts();
            double[] fullScores = new double[texts.size()];
            for (int i = 0; i < fullScores.length; i++) {
                fullScores[i] = Vectors.dot(e.query(), e.passages()[i]);
            }
            List<Integer> order = byScore(fullScores);
            List<Integer> head = order.subList(0, Math.min(rewardDepth, order.size()));
            List<String> headTexts = head.stream().map(texts::get).toList();
            Reward.Acceptance acceptance = reward.forQuery(q, order, fullScores);
            Encoding query = encoder.encodeQuery(q.query());
            PathSearch search = new PathSearch(layers, simulations, seed + examples.size());
            // the search's paths are mostly single edits of one another: each distinct prefix runs once
            PathSearch.Result best;
            try (PrefixSharingEmbedder paths = new PrefixSharingEmbedder(encoder.encoder(),
                    QueryPassageInputs.of(query, headTexts, encoder::encodePassage), MAX_KEPT_STATES)) {
                best = search.search(path -> {
                    float[][] rows = paths.embed(path);
                    double[] routed = new double[head.size()];
                    for (int i = 0; i < routed.length; i++) {
                        routed[i] = Vectors.dot(rows[0], rows[i + 1]);
                    }
                    List<Integer> ranking = new ArrayList<>();
                    for (int i : byScore(routed)) {
                        ranking.add(head.get(i));
                    }
                    ranking.addAll(order.subList(head.size(), order.size()));
                    return acceptance.accepts(ranking) ? 1 : 0;
                });
            }
            results.add(best);
            examples.add(new RouterTrainer.Example(runner.routerInputs(query, best.counts()), best.counts()));
            out.printf(Locale.ROOT, "query %s: %s, path %s (%d layers), %.0f s so far%n", q.qid(), acceptance.describe(),
                    best.path(), best.path().applications(), (System.nanoTime() - t0) / 1e9);
        }
        return Supervision.of(examples, results);
    }

    /** Indices by descending score; ties keep first-stage order. */
    private static List<Integer> byScore(double[] scores) {
        List<Integer> order = new ArrayList<>();
        for (int i = 0; i < scores.length; i++) {
            order.add(i);
        }
        order.sort((a, b) -> Double.compare(scores[b], scores[a]));
        return order;
    }

    /** The query's NDCG@10 (qrels) for {@code ranking} (candidate indices, best first). */
    private static double queryNdcg(QueryCandidates q, List<Integer> ranking, double[] scores, Qrels qrels) {
        List<ScoredDoc> ranked = new ArrayList<>();
        for (int i : ranking) {
            ranked.add(new ScoredDoc(q.candidates().get(i).docid(), scores[i]));
        }
        return Evaluator.evaluate(qrels, new Run(Map.of(q.qid(), ranked)), EvalOptions.trecDl().withComplete(false)).ndcg();
    }

    /**
     * Scope SEQUENCE: per sampled passage, a search over its own path with the query at full depth; reward 1 when the
     * passage's top-10 standing is unchanged (see the class comment).
     */
    private Supervision passageSupervision(RoutedBiEncoder encoder, RoutedRunner runner, List<QueryCandidates> train, int perQuery,
                                           int top, int simulations, int seed, long t0) throws EncoderException {
        int layers = runner.layers();
        LayerPath full = LayerPath.full(layers);
        Random random = new Random(seed);
        List<RouterTrainer.Example> examples = new ArrayList<>();
        List<PathSearch.Result> results = new ArrayList<>();
        for (QueryCandidates q : train) {
            List<String> texts = q.candidates().stream().map(QueryCandidates.Candidate::content).toList();
            var e = encoder.embed(q.query(), texts, full, new Cancellation()).texts();
            int n = texts.size();
            double[] scores = new double[n];
            for (int i = 0; i < n; i++) {
                scores[i] = Vectors.dot(e.query(), e.passages()[i]);
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
                    double s = Vectors.dot(e.query(), runner.run(text, path).embedding());
                    int r = rank(scores, j, s);
                    return (rank <= 10 ? r == rank : r > 10) ? 1 : 0;
                });
                results.add(best);
                examples.add(new RouterTrainer.Example(runner.routerInputs(text, best.counts()), best.counts()));
            }
            out.printf(Locale.ROOT, "query %s: %d passages searched, %.0f s so far%n", q.qid(), chosen.size(),
                    (System.nanoTime() - t0) / 1e9);
        }
        return Supervision.of(examples, results);
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
}
