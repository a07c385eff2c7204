package org.llmrerank.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.llmrerank.cli.Args.UsageException;
import org.llmrerank.estimator.Efficiency;
import org.llmrerank.estimator.EvalOptions;
import org.llmrerank.estimator.EvalReport;
import org.llmrerank.estimator.Evaluator;
import org.llmrerank.estimator.InputException;
import org.llmrerank.estimator.JsonOutput;
import org.llmrerank.estimator.Qrels;
import org.llmrerank.estimator.QrelsReader;
import org.llmrerank.estimator.QueryCandidates;
import org.llmrerank.estimator.RankLlmJsonReader;
import org.llmrerank.estimator.RerankMethod;
import org.llmrerank.estimator.Run;
import org.llmrerank.estimator.RunFiles;
import org.llmrerank.estimator.ScoredDoc;
import org.llmrerank.estimator.TrecDlFiles;
import org.llmrerank.estimator.TrecRunReader;
import org.llmrerank.rescorer.FlopsBudget;
import org.llmrerank.rescorer.ModelException;
import org.llmrerank.rescorer.ModelRegistry;
import org.llmrerank.rescorer.RerankModel;
import org.llmrerank.rescorer.RerankOutcome;
import org.llmrerank.rescorer.RouterGuidedBiEncoderRerankModel;
import org.llmrerank.rescorer.Strategy;
import org.llmrerank.rescorer.StrategyReport;
import org.llmrerank.rescorer.StrategyWindowReranker;
import org.llmrerank.rescorer.llm.PointwisePrompt;
import org.llmrerank.rescorer.model.ModelDescriptor;
import org.llmrerank.rescorer.model.ModelDescriptors;
import org.llmrerank.rescorer.model.ModelFactory;
import org.llmrerank.rescorer.strategy.RankingStrategy;
import org.llmrerank.rescorer.strategy.StrategyResult;
import org.llmrerank.rescorer.strategy.StrategySettings;
import org.llmrerank.routing.BundledModel;
import org.llmrerank.routing.runtime.RoutedBundledModel;
import org.llmrerank.routing.runtime.router.LayerRouters;

/**
 * {@code eval}: ranking quality (trec_eval conventions, -c -l 2) and efficiency (PFLOPs/query,
 * RPP, QPP as ratios of means, E2R-FLOPs, RPP and QPP) of a run, optionally reranked by a model first.
 * {@code --model bm25} evaluates the first-stage ranking itself; it spends no LM FLOPs, so RPP and
 * QPP are null. {@code --budget} is a per-query FLOPs budget applied as the plugin applies it: the
 * window is shortened from the bottom until the estimated cost fits (queries_budget_shortened counts
 * them; queries_over_budget counts those a model could not estimate beforehand and that overran).
 */
final class EvalCommand {

    static final String BM25 = "bm25";

    private final PrintStream out;
    private final PrintStream err;
    private final Models models;

    /** Opens the model a {@code --model} value names; the caller closes it. Tests substitute stand-ins. */
    @FunctionalInterface
    interface Models {
        /**
         * @param pointwise how a checkpoint scores pointwise (yes_no or qlm)
         * @param prompt    how a checkpoint's yes_no asks the judgement
         * @throws InputException for an unknown name (the message lists the known ones) or a model that cannot load
         */
        RerankModel open(String name, RerankMethod pointwise, PointwisePrompt prompt);
    }

    EvalCommand(PrintStream out, PrintStream err, Models models) {
        this.out = out;
        this.err = err;
        this.models = models;
    }

    /** The models a command line names ({@link ModelDescriptors#commandLine}), loaded by the model factory. */
    static Models defaultModels() {
        return (name, pointwise, prompt) -> {
            ModelDescriptor d = ModelDescriptors.commandLine(name, pointwise, prompt).orElseThrow(() -> new InputException(
                    "unknown model '" + name + "'; known: bm25, " + String.join(", ",
                            ModelDescriptors.bundled().stream().map(ModelDescriptor::name).toList())));
            try {
                return factory().open(d);
            } catch (ModelException e) {
                throw new InputException(d instanceof ModelDescriptor.Checkpoint c
                        ? "cannot load checkpoint " + c.dir() + ": " + e.getMessage()
                        : "cannot load model '" + name + "': " + e.getMessage(), e);
            }
        };
    }

    /** {@code --routers}: the routed bge-small (DJL fp32 or per-layer int8) with trained Dr.LLM routers; other models are refused. */
    private static Models withRouters(Path routersFile, double knob) {
        return (name, pointwise, prompt) -> {
            ModelDescriptor d;
            try {
                d = ModelDescriptors.withRouters(name, routersFile, knob);
            } catch (IllegalArgumentException e) {
                throw new InputException("--routers needs --model " + RoutedBundledModel.BGE_SMALL.modelName() + " or "
                    + new ModelDescriptor.Layered(BundledModel.BGE_SMALL).name() + ", got '" + name + "'");
            } catch (IOException | RuntimeException e) {
                throw new InputException("cannot load model '" + name + "' with routers " + routersFile + ": " + e.getMessage());
            }
            try {
                return factory().open(d);
            } catch (ModelException e) {
                throw new InputException("cannot load model '" + name + "' with routers " + routersFile + ": " + e.getMessage());
            }
        };
    }

    /** One command runs one model: the registry's defaults (threads, sequence length, batch 1), nothing shared. */
    private static ModelFactory factory() {
        return ModelRegistry.Options.defaults().factory();
    }

    int run(String[] argv) {
        Args args = new Args(argv, 1, Set.of("json"));
        Path data = TrecDlFiles.dataDir(args.string("data-dir"));
        Path runFile = Path.of(args.string("run", data.resolve(TrecDlFiles.BM25_RUN).toString()));
        Path qrelsFile = Path.of(args.string("qrels", data.resolve(TrecDlFiles.QRELS).toString()));
        String modelName = args.string("model", BM25).trim();
        String strategyName = args.string("strategy");
        int docs = args.integer("docs", 100);
        String budgetText = args.string("budget");
        Integer maxQueries = args.integer("max-queries");
        int skipQueries = args.integer("skip-queries", 0);
        int topK = args.integer("top-k", 10);
        String routersFile = args.string("routers");
        Double knob = args.number("router-knob");
        boolean json = args.flag("json");
        String promptName = args.string("pointwise-prompt", "yes_no");
        String instruction = args.string("instruction", PointwisePrompt.QWEN3_RERANKER_WEB_SEARCH);
        String resultsFile = args.string("results");
        args.rejectUnread();
        PointwisePrompt pointwisePrompt;
        try {
            pointwisePrompt = PointwisePrompt.byName(promptName, instruction);
        } catch (IllegalArgumentException e) {
            throw new UsageException("--pointwise-prompt " + e.getMessage());
        }
        if (docs < 1) {
            throw new UsageException("--docs must be >= 1, got " + docs);
        }
        if (maxQueries != null && maxQueries < 1) {
            throw new UsageException("--max-queries must be >= 1, got " + maxQueries);
        }
        Double budget = budgetText == null ? null : parseBudget(budgetText);
        boolean bm25 = modelName.equalsIgnoreCase(BM25);
        if (bm25 && strategyName != null) {
            throw new UsageException("--strategy needs a model; --model bm25 does not rerank");
        }
        List<String> modelNames = java.util.Arrays.stream(modelName.split(",")).map(String::trim).filter(m -> !m.isEmpty()).toList();
        boolean checkpoint = !bm25 && modelNames.size() == 1 && ModelDescriptors.isCheckpointDir(modelName)
                && (strategyName == null || Strategy.fromClauseName(strategyName).isEmpty());
        RerankMethod method = checkpoint ? method(strategyName) : null;
        Strategy strategy = bm25 || checkpoint ? null : strategy(strategyName);
        if (modelNames.size() > 1 && strategy != Strategy.AUTO) {
            throw new UsageException("several models (" + modelName + ") need --strategy auto, which chooses among them");
        }

        Qrels qrels = QrelsReader.read(qrelsFile);
        Rankings input = load(runFile, maxQueries);
        if (skipQueries > 0) { // a held-out split: drop the first K queries (those routers were trained on)
            if (input.candidates() == null) {
                throw new UsageException("--skip-queries needs the rank_llm JSON run");
            }
            List<QueryCandidates> kept = input.candidates().subList(Math.min(skipQueries, input.candidates().size()),
                    input.candidates().size());
            input = new Rankings(RankLlmJsonReader.toRun(kept), kept);
        }
        double routerKnob = knob == null ? LayerRouters.PLAIN : knob;
        Models provider = routersFile == null ? models : withRouters(Path.of(routersFile), routerKnob);
        RerankTotals totals = new RerankTotals();
        Run evaluated;
        if (bm25) {
            evaluated = input.run();
        } else if (checkpoint) {
            if (input.candidates() == null) {
                throw new UsageException("reranking needs passage text; " + runFile
                        + " is a TREC run, give the rank_llm JSON instead");
            }
            if (routersFile != null) {
                throw new UsageException("--routers applies to the bge-small runtime, not to a checkpoint");
            }
            RerankMethod pointwise = method == RerankMethod.POINTWISE_QLM ? method : RerankMethod.POINTWISE_YES_NO;
            try (RerankModel loaded = models.open(modelName, pointwise, pointwisePrompt)) {
                RankingStrategy ranking = loaded.capabilities().orElseThrow().strategy(method, StrategySettings.paper());
                evaluated = rerank(ranking, input.candidates(), docs, topK, qrels, totals);
            } catch (InputException | UsageException e) {
                throw e;
            } catch (Exception e) {
                throw new InputException("checkpoint " + modelName + ": " + e.getMessage(), e);
            }
        } else {
            if (input.candidates() == null) {
                throw new UsageException("reranking needs passage text; " + runFile
                        + " is a TREC run, give the rank_llm JSON instead");
            }
            List<RerankModel> opened = new ArrayList<>();
            try {
                for (String name : modelNames) {
                    // a checkpoint among several models scores pointwise by the generic yes_no prompt
                    opened.add(ModelDescriptors.isCheckpointDir(name)
                            ? models.open(name, RerankMethod.POINTWISE_YES_NO, PointwisePrompt.YES_NO)
                            : provider.open(name, RerankMethod.POINTWISE_YES_NO, PointwisePrompt.YES_NO));
                }
                if (strategy != Strategy.AUTO && !opened.get(0).supportedStrategies().contains(strategy)) {
                    throw new UsageException("model '" + modelName + "' cannot run " + strategy.clauseName() + "; it runs "
                            + opened.get(0).supportedStrategies().stream().map(Strategy::clauseName).sorted().toList());
                }
                evaluated = rerank(opened, strategy, input.candidates(), docs, topK, budget, qrels, totals);
                for (RerankModel model : opened) {
                    if (model instanceof RouterGuidedBiEncoderRerankModel routed) {
                        err.println(routerSummary(routed, routerKnob, input.candidates().size()));
                    }
                }
            } finally {
                for (RerankModel m : opened) {
                    m.close();
                }
            }
        }
        // trec_eval -c (judged queries missing from the run count as 0) unless the run was cut short on purpose
        EvalReport report = Evaluator.evaluate(qrels, evaluated, EvalOptions.trecDl().withComplete(maxQueries == null && skipQueries == 0));
        String strategyLabel = bm25 ? "none" : checkpoint ? method.methodName() : strategy.clauseName();
        ObjectNode line = resultLine(report, totals, bm25 ? BM25 : modelName, strategyLabel, docs, budget,
                routersFile == null ? null : new RouterSetting(Path.of(routersFile).getFileName().toString(), routerKnob));
        print(report, line, json);
        if (resultsFile != null) {
            appendResult(Path.of(resultsFile), line);
        }
        return Main.OK;
    }

    /** One line for the report: what the routers executed against full depth on the same texts. */
    private static String routerSummary(RouterGuidedBiEncoderRerankModel model, double knob, int queries) {
        RouterGuidedBiEncoderRerankModel.RouterTotals t = model.totals();
        int layers = RoutedBundledModel.BGE_SMALL.mirrors().architecture().nLayer();
        return String.format(Locale.ROOT,
            "routers: knob %.2f, %d passages, avg executed layers/passage %.3f of %d; counted PFLOPs/query %.6f vs full depth %.6f (%+.1f%%)",
            knob, t.passages(), t.passages() == 0 ? 0 : (double) t.passageLayers() / t.passages(), layers,
            t.countedFlops() / 1e15 / queries, t.fullDepthFlops() / 1e15 / queries, 100 * (t.countedFlops() / t.fullDepthFlops() - 1));
    }

    private static Double parseBudget(String text) {
        try {
            return FlopsBudget.parse(text);
        } catch (IllegalArgumentException e) {
            throw new UsageException("--budget " + e.getMessage());
        }
    }

    private static Strategy strategy(String name) {
        return name == null ? Strategy.POINTWISE
                : Strategy.fromClauseName(name).orElseThrow(() -> new UsageException(
                        "unknown strategy '" + name + "'; strategies: " + Strategy.allNames()));
    }

    /** A checkpoint runs any method its adapters support (default setwise.heapsort, the paper's main method). */
    private static RerankMethod method(String name) {
        String n = name == null ? RerankMethod.SETWISE_HEAPSORT.methodName() : name;
        if (n.equals("pointwise")) {
            return RerankMethod.POINTWISE_YES_NO;
        }
        return RerankMethod.fromName(n).orElseThrow(() -> new UsageException(
                "unknown strategy '" + n + "'; methods: " + RerankMethod.allNames()));
    }

    /**
     * Reranks each query's window with a sorting / windowing strategy; top-k (default 10) in the
     * model's order, then the rest of the window in first-stage order (Setwise paper, setup). A failure keeps the
     * first-stage order, as in the plugin.
     */
    private Run rerank(RankingStrategy ranking, List<QueryCandidates> queries, int docs, int topK, Qrels qrels,
                       RerankTotals totals) {
        Map<String, List<ScoredDoc>> results = new LinkedHashMap<>();
        for (QueryCandidates q : queries) {
            List<QueryCandidates.Candidate> c = q.candidates();
            int window = Math.min(docs, c.size());
            List<String> texts = c.subList(0, window).stream().map(QueryCandidates.Candidate::content).toList();
            int[] order;
            try {
                long start = System.nanoTime();
                StrategyResult r = ranking.rerank(q.query(), texts, Math.min(topK, window));
                order = r.order();
                if (qrels.judged(q.qid())) {
                    totals.queries++;
                    totals.modelNanos += System.nanoTime() - start;
                    totals.estimatedFlops += r.trace().estimatedFlops();
                    if (r.trace().flopsCounted()) {
                        totals.countedFlops += r.trace().countedFlops();
                    } else {
                        totals.uncounted++;
                    }
                }
            } catch (ModelException e) {
                order = keepFirstStage(q, window, qrels, totals, e);
            }
            results.put(q.qid(), positionalScores(c, order, window));
        }
        return new Run(results);
    }

    /** The run to evaluate, and the candidates with text when the file carries them. */
    private record Rankings(Run run, List<QueryCandidates> candidates) {}

    private static Rankings load(Path runFile, Integer maxQueries) {
        if (RunFiles.isRankLlmJson(runFile)) {
            List<QueryCandidates> all = RankLlmJsonReader.read(runFile);
            List<QueryCandidates> used = maxQueries == null ? all : all.subList(0, Math.min(maxQueries, all.size()));
            return new Rankings(RankLlmJsonReader.toRun(used), used);
        }
        Run run = TrecRunReader.read(runFile);
        if (maxQueries == null) {
            return new Rankings(run, null);
        }
        Map<String, List<ScoredDoc>> first = new LinkedHashMap<>();
        for (String qid : run.queryIds()) {
            if (first.size() == maxQueries) {
                break;
            }
            first.put(qid, run.of(qid));
        }
        return new Rankings(new Run(first), null);
    }

    /** FLOPs and failures summed over the reranked, judged queries. */
    private static final class RerankTotals {
        int queries;
        int fallbacks;
        int uncounted;
        double estimatedFlops;
        double countedFlops;
        int overBudget;
        int budgetShortened;
        long modelNanos;
        int earlyStops;
        int switchedUnderBudget;
        /** What ran per judged query: model/method[@topN], or first_stage_order. */
        final Map<String, Integer> ran = new java.util.TreeMap<>();
    }

    /**
     * Reranks each query's first {@code docs} candidates with the plugin's own path ({@link StrategyWindowReranker}: a
     * fixed strategy, or auto choosing model, method and depth per query under the budget); the rest keep first-stage
     * order below them. A model failure keeps the first-stage order for that query and is counted, as in the plugin.
     */
    private Run rerank(List<RerankModel> models, Strategy strategy, List<QueryCandidates> queries, int docs, int topK, Double budget,
                       Qrels qrels, RerankTotals totals) {
        StrategyWindowReranker reranker = StrategyWindowReranker.withDefaults();
        Map<String, List<ScoredDoc>> results = new LinkedHashMap<>();
        for (QueryCandidates q : queries) {
            List<QueryCandidates.Candidate> c = q.candidates();
            int window = Math.min(docs, c.size());
            List<String> texts = c.subList(0, window).stream().map(QueryCandidates.Candidate::content).toList();
            int[] order;
            try {
                RerankOutcome outcome = reranker.rerank(models, strategy, q.query(), texts, Math.min(topK, window),
                        budget == null ? Double.POSITIVE_INFINITY : budget, new org.llmrerank.routing.Cancellation());
                order = outcome.order();
                if (qrels.judged(q.qid())) {
                    totals.queries++;
                    StrategyReport rep = outcome.report();
                    totals.ran.merge(rep.ran() == null ? "first_stage_order" : rep.model() + "/" + rep.ran()
                            + (rep.depth() < window ? "@top" + rep.depth() : ""), 1, Integer::sum);
                    totals.earlyStops += rep.earlyStopped() ? 1 : 0;
                    totals.switchedUnderBudget += rep.switchedUnderBudget() ? 1 : 0;
                    totals.estimatedFlops += outcome.estimatedFlops();
                    if (budget != null && outcome.estimatedFlops() > budget) {
                        totals.overBudget++;
                    }
                    if (outcome.budget().shortened()) {
                        totals.budgetShortened++;
                    }
                    if (outcome.countedFlops() >= 0) {
                        totals.countedFlops += outcome.countedFlops();
                    } else {
                        totals.uncounted++;
                    }
                    totals.modelNanos += outcome.modelNanos();
                }
            } catch (ModelException e) {
                order = keepFirstStage(q, window, qrels, totals, e);
            }
            results.put(q.qid(), positionalScores(c, order, window));
        }
        return new Run(results);
    }

    /** A model failure keeps the query's first-stage order and is counted, as in the plugin. */
    private int[] keepFirstStage(QueryCandidates q, int window, Qrels qrels, RerankTotals totals, ModelException e) {
        err.println("llm-rerank: query " + q.qid() + ": model failed, keeping first-stage order: " + e.getMessage());
        totals.fallbacks++;
        if (qrels.judged(q.qid())) {
            totals.queries++;
            totals.uncounted++;
        }
        return identity(window);
    }

    /** Scores that make trec_eval's score-descending sort reproduce exactly the reranked order. */
    private static List<ScoredDoc> positionalScores(List<QueryCandidates.Candidate> c, int[] order, int window) {
        List<ScoredDoc> ranked = new ArrayList<>(c.size());
        int n = c.size();
        for (int i = 0; i < window; i++) {
            ranked.add(new ScoredDoc(c.get(order[i]).docid(), n - i));
        }
        for (int i = window; i < n; i++) {
            ranked.add(new ScoredDoc(c.get(i).docid(), n - i));
        }
        return ranked;
    }

    private static int[] identity(int n) {
        int[] a = new int[n];
        for (int i = 0; i < n; i++) {
            a[i] = i;
        }
        return a;
    }

    /** The routers a routed run followed: the file's name (not its folder, which is the machine's) and the knob. */
    private record RouterSetting(String file, double knob) {}

    /** {@code --results}: one JSON line per run, appended, so that several runs build one file (read by {@code charts}). */
    private static void appendResult(Path file, ObjectNode line) {
        try {
            Files.writeString(file, JsonOutput.line(line) + "\n", StandardCharsets.UTF_8,
                    StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new InputException("cannot append to --results " + file + ": " + e.getMessage(), e);
        }
    }

    /** The run's figures as one JSON object: printed with {@code --json}, appended with {@code --results}. */
    private static ObjectNode resultLine(EvalReport r, RerankTotals t, String model, String strategy, int docs, Double budget,
                                         RouterSetting routers) {
        boolean reranked = !model.equals(BM25);
        Double estimated = reranked && t.queries > 0 ? t.estimatedFlops / t.queries : (reranked ? null : 0.0);
        Double counted = reranked && t.queries > 0 && t.uncounted == 0 ? t.countedFlops / t.queries : null;
        boolean hasCost = estimated != null && estimated > 0;
        ObjectNode o = JsonOutput.object();
        o.put("model", model);
        o.put("strategy", strategy);
        o.put("docs", docs);
        o.put("routers", routers == null ? null : routers.file());
        JsonOutput.putNumber(o, "router_knob", routers == null ? null : routers.knob());
        o.put("queries", r.queries());
        o.put("ndcg@10", r.ndcg());
        o.put("mrr@10", r.mrr());
        o.put("map", r.map());
        o.put("recall@100", r.recall());
        JsonOutput.putNumber(o, "pflops_per_query_estimated", estimated == null ? null : estimated / 1e15);
        JsonOutput.putNumber(o, "pflops_per_query_counted", counted == null ? null : counted / 1e15);
        JsonOutput.putNumber(o, "rpp", hasCost ? Efficiency.rpp(r.ndcg(), estimated) : null);
        JsonOutput.putNumber(o, "qpp", hasCost ? Efficiency.qpp(estimated) : null);
        JsonOutput.putNumber(o, "budget_flops", budget);
        if (budget != null) {
            // enforced by shortening the window (see the class comment)
            o.put("queries_over_budget", t.overBudget);
            o.put("queries_budget_shortened", t.budgetShortened);
        }
        o.put("fallbacks", t.fallbacks);
        if (!t.ran.isEmpty()) {
            ObjectNode ran = o.putObject("ran");
            t.ran.forEach(ran::put);
            o.put("early_stops", t.earlyStops);
            o.put("auto_switched_under_budget", t.switchedUnderBudget);
        }
        JsonOutput.putNumber(o, "model_seconds", reranked ? t.modelNanos / 1e9 : null);
        return o;
    }

    private void print(EvalReport r, ObjectNode o, boolean json) {
        if (json) {
            out.println(JsonOutput.line(o));
        } else {
            out.printf(Locale.ROOT, "%s / %s over %d queries: NDCG@10 %.4f  MRR@10 %.4f  MAP %.4f  R@100 %.4f%n",
                    o.get("model").asText(), o.get("strategy").asText(), r.queries(), r.ndcg(), r.mrr(), r.map(), r.recall());
            out.printf(Locale.ROOT, "PFLOPs/query estimated %s, counted %s; RPP %s, QPP %s%n",
                    o.get("pflops_per_query_estimated"), o.get("pflops_per_query_counted"), o.get("rpp"), o.get("qpp"));
        }
    }
}
