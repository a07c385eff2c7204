package org.llmrerank.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.llmrerank.cli.Args.UsageException;
import org.llmrerank.estimator.InputException;
import org.llmrerank.estimator.QrelsReader;
import org.llmrerank.estimator.QueryCandidates;
import org.llmrerank.estimator.RankLlmJsonReader;
import org.llmrerank.estimator.TopicsReader;
import org.llmrerank.estimator.TrecDlFiles;
import org.llmrerank.firststage.Bm25Pool;
import org.llmrerank.firststage.MsMarcoTopics;
import org.llmrerank.rescorer.model.ModelDescriptor;
import org.llmrerank.rescorer.model.ModelFactory;
import org.llmrerank.routing.BundledModel;
import org.llmrerank.routing.onnx.EncoderException;
import org.llmrerank.routing.onnx.EncoderOptions;
import org.llmrerank.routing.runtime.PathBiEncoder;
import org.llmrerank.routing.runtime.RoutedBundledModel;
import org.llmrerank.routing.runtime.router.LayerRouters;
import org.llmrerank.routing.runtime.router.PathSearch;
import org.llmrerank.routing.runtime.router.training.FullDepthAgreement;
import org.llmrerank.routing.runtime.router.training.Reward;
import org.llmrerank.routing.runtime.router.training.RouterSupervision;
import org.llmrerank.routing.runtime.router.training.RouterTraining;
import org.llmrerank.routing.runtime.router.training.TrainingQueries;

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
 * run file is a held-out measurement ({@link TrainingQueries}).
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

    private final PrintStream out;

    TrainRoutersCommand(PrintStream out) {
        this.out = out;
    }

    int run(String[] argv) {
        Args args = new Args(argv, 1, Set.of());
        Path data = TrecDlFiles.dataDir(args.string("data-dir"));
        String model = args.string("model", "bge-small");
        Path runFile = Path.of(args.string("run", data.resolve(TrecDlFiles.BM25_RUN).toString()));
        Path qrelsFile = Path.of(args.string("qrels", data.resolve(TrecDlFiles.QRELS).toString()));
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
        String layeredName = new ModelDescriptor.Layered(BundledModel.BGE_SMALL).name();
        boolean onLayers = model.equalsIgnoreCase(layeredName);
        if (!model.equalsIgnoreCase("bge-small") && !model.equalsIgnoreCase(RoutedBundledModel.BGE_SMALL.modelName()) && !onLayers) {
            throw new UsageException("train-routers supports --model bge-small (" + RoutedBundledModel.BGE_SMALL.modelName()
                + ", DJL fp32) or " + layeredName + " (per-layer int8 sessions)");
        }
        List<QueryCandidates> all = RankLlmJsonReader.read(runFile);
        List<QueryCandidates> train = topicsArg == null
                ? all.subList(0, Math.min(trainQueries, all.size()))
                : trainingTopics(MsMarcoTopics.read(topicsArg), all, trainQueries, minBm25, rewardDepth);
        long t0 = System.nanoTime();
        // the routers read the hidden states of the engine they will route: train them on that engine
        try (PathBiEncoder encoder = onLayers
                ? new ModelFactory(new EncoderOptions(Runtime.getRuntime().availableProcessors(), 1, false), 512)
                    .layeredBiEncoder(BundledModel.BGE_SMALL)
                : RoutedBundledModel.BGE_SMALL.load(512, ModelFactory.FP32_BATCH_SIZE)) {
            RouterSupervision supervision = new RouterSupervision(encoder, simulations, seed, out::println, t0);
            int layers = supervision.layers();
            RouterSupervision.Result s = scope == LayerRouters.Scope.REQUEST
                    ? supervision.perRequest(train,
                            agreement ? Reward.agreement(minAgreement) : Reward.qrels(QrelsReader.read(qrelsFile), tolerance),
                            rewardDepth)
                    : supervision.perPassage(train, perQuery, top);
            long t1 = System.nanoTime();
            RouterTraining.Trained trained = RouterTraining.fit(s.examples(), layers, BundledModel.BGE_SMALL.architecture().dModel(), scope,
                    epochs, seed);
            trained.routers().save(Path.of(outFile));
            out.printf(Locale.ROOT, "MCTS (scope %s): %d %s of %d queries, %d simulations each, %d path evaluations, %.0f s; "
                            + "labels skip/execute/repeat %d/%d/%d; mean MCTS path length %.2f of %d%n",
                    scope.name().toLowerCase(Locale.ROOT), s.examples().size(),
                    scope == LayerRouters.Scope.REQUEST ? "queries" : "passages", train.size(), simulations, s.evaluations(),
                    (t1 - t0) / 1e9, s.labels()[0], s.labels()[1], s.labels()[2],
                    (double) s.pathLength() / s.examples().size(), layers);
            out.printf(Locale.ROOT, "training: %d epochs, final focal loss %.4f, %.0f s; wrote %s%n", epochs, trained.loss(),
                    (System.nanoTime() - t1) / 1e9, outFile);
            return Main.OK;
        } catch (IOException | EncoderException e) {
            throw new InputException("train-routers failed: " + e.getMessage());
        }
    }

    /** Training queries outside the run: each topic's BM25 top 100 over the run's passages ({@link TrainingQueries}). */
    private List<QueryCandidates> trainingTopics(List<TopicsReader.Topic> topics, List<QueryCandidates> run, int n, double minBm25,
                                                 int minHits) {
        try (Bm25Pool pool = Bm25Pool.of(run)) {
            TrainingQueries.Selection s = TrainingQueries.select(topics, run, n, minBm25, minHits, pool::search);
            out.printf(Locale.ROOT, "training topics: %d of the first %d read (%d are evaluation queries, %d with fewer than %d BM25 "
                    + "hits or a best hit under %.1f), BM25 over %d pooled passages%n", s.queries().size(), s.read(), s.overlapping(),
                    s.weak(), minHits, minBm25, pool.size());
            return s.queries();
        } catch (IOException e) {
            throw new InputException("closing the BM25 pool: " + e.getMessage(), e);
        }
    }
}
