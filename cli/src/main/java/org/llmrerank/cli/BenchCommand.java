package org.llmrerank.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import org.llmrerank.cli.Args.UsageException;
import org.llmrerank.estimator.InputException;
import org.llmrerank.estimator.JsonOutput;
import org.llmrerank.estimator.QueryCandidates;
import org.llmrerank.estimator.RankLlmJsonReader;
import org.llmrerank.estimator.TrecDlFiles;
import org.llmrerank.rescorer.ModelRegistry;
import org.llmrerank.rescorer.RerankModel;
import org.llmrerank.rescorer.bench.GroupedCallBench;
import org.llmrerank.rescorer.model.ModelDescriptor;
import org.llmrerank.routing.BundledModel;
import org.llmrerank.routing.runtime.DjlEngineSetup;
import org.llmrerank.routing.runtime.EngineBench;
import org.llmrerank.routing.runtime.LayeredEngineBench;
import org.llmrerank.routing.runtime.RoutedBundledModel;
import org.llmrerank.routing.runtime.router.LayerRouters;

/**
 * {@code bench}: our runtime ({@code bge-small-routed}) against ONNX Runtime on the same fp32 weights and DL19 texts, with
 * ONNX Runtime int8 ({@code bge-small}) for context ({@link EngineBench}); {@code bench --groups}: what continuous
 * batching across searches buys on our runtime ({@link GroupedCallBench}); {@code bench --layered}: the int8 bge-small cut into
 * per-layer ONNX Runtime sessions against its one session, with routers or without ({@link LayeredEngineBench}).
 */
final class BenchCommand {

    private final PrintStream out;

    BenchCommand(PrintStream out) {
        this.out = out;
    }

    int run(String[] argv) {
        try {
            return measure(argv);
        } catch (UsageException | InputException e) {
            throw e;
        } catch (Exception e) {
            throw new InputException("bench failed: " + e.getMessage(), e);
        }
    }

    private int measure(String[] argv) throws Exception {
        Args args = new Args(argv, 1, Set.of("json", "layered"));
        Path data = TrecDlFiles.dataDir(args.string("data-dir"));
        String groups = args.string("groups");
        if (groups != null) {
            return groupedCalls(args, data, groups);
        }
        if (args.flag("layered")) {
            return layered(args, data);
        }
        int texts = args.integer("texts", 200);
        int batch = args.integer("batch", 32);
        int reps = args.integer("reps", 3);
        int threads = args.integer("threads", Math.min(4, Runtime.getRuntime().availableProcessors()));
        boolean json = args.flag("json");
        args.rejectUnread();
        if (texts < 1 || batch < 1 || reps < 1 || threads < 1) {
            throw new UsageException("--texts, --batch, --reps and --threads must be >= 1");
        }
        List<QueryCandidates> dl19 = RankLlmJsonReader.read(data.resolve(TrecDlFiles.BM25_RUN));
        DjlEngineSetup.configure(Path.of(System.getProperty("java.io.tmpdir"), "llm_rerank", "djl"), threads);
        EngineBench.Report r = EngineBench.run(RoutedBundledModel.BGE_SMALL, dl19, texts, batch, reps, threads);
        double ortS = r.ortFp32();
        double ourS = r.ours();
        double int8S = r.ortInt8();
        ObjectNode o = JsonOutput.object();
        o.put("bench", "bge-small encoder");
        o.put("texts", r.texts());
        o.put("tokens", r.tokens());
        o.put("batch", batch);
        o.put("threads", threads);
        o.put("reps", reps);
        o.put("ort_fp32_s", ortS);
        o.put("ours_fp32_s", ourS);
        o.put("ratio_ours_to_ort_fp32", ourS / ortS);
        double plainS = r.oursPlainBatches();
        o.put("ours_fp32_plain_batches_s", plainS);
        o.put("ratio_ours_plain_batches_to_ort_fp32", plainS / ortS);
        o.put("plain_batches_counted_flops_to_bounded", r.plainCountedToBounded());
        o.put("ort_int8_batch1_s", int8S);
        o.put("ratio_ours_fp32_to_ort_int8", ourS / int8S);
        o.put("ours_counted_gflops", r.countedFlops() / 1e9);
        o.put("ours_gflop_per_s", r.countedFlops() / 1e9 / ourS);
        o.put("cores", Runtime.getRuntime().availableProcessors());
        if (json) {
            out.println(JsonOutput.line(o));
        } else {
            out.printf(Locale.ROOT, "bge-small, %d DL19 texts (%d tokens), batch %d, %d threads, median of %d:%n"
                    + "  ONNX Runtime fp32 %.2f s, ours fp32 %.2f s (ours/ORT %.2f), ours with plain padded batches %.2f s (%.2f);"
                    + " ONNX Runtime int8 batch 1 %.2f s%n",
                r.texts(), r.tokens(), batch, threads, reps, ortS, ourS, ourS / ortS, plainS, plainS / ortS, int8S);
        }
        return Main.OK;
    }

    /** {@code --groups}: calls of G searches' passages each, our runtime only ({@link GroupedCallBench}). */
    private int groupedCalls(Args args, Path data, String groupList) throws Exception {
        int queries = args.integer("queries", 8);
        int passages = args.integer("passages", 30);
        int reps = args.integer("reps", 3);
        int threads = args.integer("threads", Math.min(4, Runtime.getRuntime().availableProcessors()));
        boolean json = args.flag("json");
        args.rejectUnread();
        if (queries < 1 || passages < 1 || reps < 1 || threads < 1) {
            throw new UsageException("--queries, --passages, --reps and --threads must be >= 1");
        }
        int[] sizes = groupSizes(groupList, queries);
        List<QueryCandidates> dl19 = RankLlmJsonReader.read(data.resolve(TrecDlFiles.BM25_RUN));
        if (queries > dl19.size()) {
            throw new UsageException("--queries must be at most " + dl19.size() + " (DL19 queries), got " + queries);
        }
        DjlEngineSetup.configure(Path.of(System.getProperty("java.io.tmpdir"), "llm_rerank", "djl"), threads);
        GroupedCallBench.Report report;
        try (RerankModel model = ModelRegistry.Options.defaults().factory().open(new ModelDescriptor.Routed(RoutedBundledModel.BGE_SMALL))) {
            report = GroupedCallBench.run(model, dl19, sizes, queries, passages, reps);
        }
        ObjectNode o = JsonOutput.object();
        o.put("bench", "bge-small-routed grouped calls");
        o.put("queries", queries);
        o.put("passages_per_query", passages);
        o.put("passages", report.passages());
        o.put("reps", reps);
        o.put("threads", threads);
        o.put("counted_gflops", report.countedFlops() / 1e9);
        o.put("cores", Runtime.getRuntime().availableProcessors());
        ArrayNode rows = o.putArray("configs");
        StringBuilder text = new StringBuilder();
        text.append(String.format(Locale.ROOT, "bge-small-routed, %d DL19 queries x %d passages (%d texts, %.1f GFLOP counted), %d threads,"
            + " median of %d, alternated:%n", queries, passages, report.passages(), report.countedFlops() / 1e9, threads, reps));
        for (GroupedCallBench.Config c : report.configs()) {
            ObjectNode row = rows.addObject();
            row.put("groups_per_call", c.groupsPerCall());
            row.put("calls", c.calls());
            row.put("median_s", c.medianSeconds());
            row.put("ms_per_passage", c.msPerPassage());
            row.put("ratio_to_first", c.ratioToFirst());
            text.append(String.format(Locale.ROOT, "  G = %d (%d calls): %.2f ms per passage, %.3f x G = %d%n", c.groupsPerCall(), c.calls(),
                c.msPerPassage(), c.ratioToFirst(), sizes[0]));
        }
        if (json) {
            out.println(JsonOutput.line(o));
        } else {
            out.print(text);
        }
        return Main.OK;
    }

    /**
     * {@code --layered}: the bundled int8 bge-small in one ONNX Runtime session against its per-layer sessions, and with
     * {@code --routers} the routers choosing each text's path ({@link LayeredEngineBench}).
     */
    private int layered(Args args, Path data) throws Exception {
        int texts = args.integer("texts", 200); // passages; their queries come with them
        // the first N queries share the passages: --queries 10 --texts 1000 is ten searches reranking their top 100
        int queries = args.integer("queries", Integer.MAX_VALUE);
        int reps = args.integer("reps", 3);
        int threads = args.integer("threads", Math.min(4, Runtime.getRuntime().availableProcessors()));
        String routersFile = args.string("routers");
        Double knobArg = args.number("knob");
        double knob = knobArg == null ? LayerRouters.PLAIN : knobArg;
        boolean json = args.flag("json");
        args.rejectUnread();
        if (texts < 1 || reps < 1 || threads < 1 || queries < 1) {
            throw new UsageException("--texts, --queries, --reps and --threads must be >= 1");
        }
        if (knob < -1 || knob > 1) {
            throw new UsageException("--knob must be in [-1, 1], got " + knob);
        }
        Optional<LayerRouters> routers = routersFile == null ? Optional.empty() : Optional.of(LayerRouters.load(Path.of(routersFile)));
        List<QueryCandidates> all = RankLlmJsonReader.read(data.resolve(TrecDlFiles.BM25_RUN));
        List<QueryCandidates> dl19 = all.subList(0, Math.min(queries, all.size()));
        LayeredEngineBench.Report r = LayeredEngineBench.run(BundledModel.BGE_SMALL, dl19, texts, reps, threads, routers, knob);
        ObjectNode o = JsonOutput.object();
        o.put("bench", "bge-small int8 layered runtime");
        o.put("texts", r.texts());
        o.put("tokens", r.tokens());
        o.put("threads", threads);
        o.put("reps", reps);
        o.put("ort_int8_one_session_s", r.whole());
        o.put("ort_int8_layered_s", r.layered());
        o.put("ratio_layered_to_one_session", r.layered() / r.whole());
        o.put("layered_counted_gflops", r.countedFlops() / 1e9);
        o.put("layered_counted_to_estimated", r.countedFlops() / r.estimatedFlops());
        if (routers.isPresent()) {
            o.put("knob", knob);
            o.put("ort_int8_routed_s", r.routed());
            o.put("ratio_routed_to_one_session", r.routed() / r.whole());
            o.put("routed_counted_gflops", r.routedCounted() / 1e9);
            o.put("routed_counted_to_estimated", r.routedCounted() / r.routedEstimated());
            o.put("routed_layers_per_text", r.routedLayers());
            o.put("routed_counted_to_full_path", r.routedCounted() / r.countedFlops());
            o.put("router_scope", routers.get().scope().name().toLowerCase(Locale.ROOT));
        }
        o.put("cores", Runtime.getRuntime().availableProcessors());
        if (json) {
            out.println(JsonOutput.line(o));
        } else {
            out.printf(Locale.ROOT, "bge-small int8, %d DL19 texts: queries and their passages (%d tokens), batch 1, %d threads,"
                    + " median of %d, engines taking turns per request:%n"
                    + "  one session %.2f s, layered full path %.2f s (%.3f x), counted / estimated FLOPs %.4f%n",
                r.texts(), r.tokens(), threads, reps, r.whole(), r.layered(), r.layered() / r.whole(), r.countedFlops() / r.estimatedFlops());
            if (routers.isPresent()) {
                out.printf(Locale.ROOT, "  routed (%s scope, knob %.2f) %.2f s (%.3f x), %.2f layers per text, counted / estimated"
                    + " FLOPs %.4f, counted FLOPs %.3f x the full path's%n", routers.get().scope().name().toLowerCase(Locale.ROOT),
                    knob, r.routed(), r.routed() / r.whole(), r.routedLayers(), r.routedCounted() / r.routedEstimated(),
                    r.routedCounted() / r.countedFlops());
            }
        }
        return Main.OK;
    }

    /** Parses {@code --groups}: positive group sizes, each dividing {@code queries}. */
    static int[] groupSizes(String list, int queries) {
        String[] parts = list.split(",");
        int[] sizes = new int[parts.length];
        for (int i = 0; i < parts.length; i++) {
            try {
                sizes[i] = Integer.parseInt(parts[i].trim());
            } catch (NumberFormatException e) {
                throw new UsageException("--groups must be a comma-separated list of integers, got '" + list + "'");
            }
            if (sizes[i] < 1 || queries % sizes[i] != 0) {
                throw new UsageException("--groups: every size must be >= 1 and divide --queries (" + queries + "), got " + sizes[i]);
            }
        }
        return sizes;
    }

}
