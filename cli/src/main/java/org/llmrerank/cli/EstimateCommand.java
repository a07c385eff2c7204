package org.llmrerank.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.llmrerank.cli.Args.UsageException;
import org.llmrerank.estimator.Architecture;
import org.llmrerank.estimator.CostParams;
import org.llmrerank.estimator.HfConfig;
import org.llmrerank.estimator.JsonOutput;
import org.llmrerank.estimator.PaperTable;
import org.llmrerank.estimator.PaperTableCheck;
import org.llmrerank.estimator.Presets;
import org.llmrerank.estimator.RerankMethod;
import org.llmrerank.estimator.StrategyCost;
import org.llmrerank.estimator.StrategyCostModel;

/** {@code estimate}: per-query cost of a method on a model, or the paper-table check. */
final class EstimateCommand {

    private final PrintStream out;

    EstimateCommand(PrintStream out) {
        this.out = out;
    }

    int run(String[] argv) {
        Args args = new Args(argv, 1, Set.of("json"));
        String table = args.string("paper-table");
        if (table != null) {
            boolean json = args.flag("json");
            args.rejectUnread();
            return paperTable(table, json);
        }
        Architecture arch = architecture(args);
        Integer ffn = args.integer("ffn-matrices");
        if (ffn != null) {
            arch = arch.withFfnMatrices(ffn);
        }
        String methodName = args.string("method");
        if (methodName == null) {
            throw new UsageException("--method is required; methods: " + RerankMethod.allNames());
        }
        RerankMethod method = RerankMethod.parse(methodName);
        CostParams p = params(args);
        boolean json = args.flag("json");
        args.rejectUnread();

        StrategyCost cost = StrategyCostModel.predict(arch, method, p);
        ObjectNode o = JsonOutput.object();
        o.put("model", arch.name());
        o.put("kind", arch.kind().name().toLowerCase(Locale.ROOT));
        o.put("method", method.methodName());
        o.put("ffn_matrices", arch.ffnMatrices());
        o.put("docs", p.docs());
        o.put("top_k", p.topK());
        o.put("calls", cost.calls());
        o.put("calls_min", cost.minCalls());
        o.put("calls_max", cost.maxCalls());
        o.put("calls_exact", cost.exactCalls());
        o.put("prompt_tokens", cost.promptTokensPerCall());
        o.put("output_tokens", cost.outputTokensPerCall());
        o.put("flops", cost.flops());
        o.put("pflops", cost.pflops());
        o.put("pflops_max", cost.maxFlops() / 1e15);
        o.put("unembedding_pflops", cost.unembeddingFlops() / 1e15);
        if (json) {
            out.println(JsonOutput.line(o));
        } else {
            out.printf(Locale.ROOT, "%s on %s (%s, %d-matrix FFN), %d docs, top-%d%n", method, arch.name(),
                    o.get("kind").asText(), arch.ffnMatrices(), p.docs(), p.topK());
            out.printf(Locale.ROOT, "  calls/query     %.1f%s%n", cost.calls(),
                    cost.exactCalls() ? " (exact)" : " (expected; range " + cost.minCalls() + ".." + cost.maxCalls() + ")");
            out.printf(Locale.ROOT, "  tokens/call     in %.1f, out %.1f%n", cost.promptTokensPerCall(),
                    cost.outputTokensPerCall());
            out.printf(Locale.ROOT, "  PFLOPs/query    %.6f (upper bound %.6f; LM head, not counted: %.6f)%n",
                    cost.pflops(), cost.maxFlops() / 1e15, cost.unembeddingFlops() / 1e15);
        }
        return Main.OK;
    }

    private static Architecture architecture(Args args) {
        String preset = args.string("preset");
        String config = args.string("config");
        if ((preset == null) == (config == null)) {
            throw new UsageException("give exactly one of --preset NAME or --config config.json; presets: "
                    + String.join(", ", Presets.names()));
        }
        return preset != null ? Presets.get(preset) : HfConfig.read(Path.of(config)).architecture();
    }

    private static CostParams params(Args args) {
        CostParams p = CostParams.defaults();
        p = p.withDocs(args.integer("docs", p.docs()))
                .withTopK(args.integer("top-k", p.topK()))
                .withNumChild(args.integer("num-child", p.numChild()))
                .withWindow(args.integer("window", p.window()))
                .withStep(args.integer("step", p.step()))
                .withRepeats(args.integer("repeats", p.repeats()))
                .withTournaments(args.integer("tournaments", p.tournaments()));
        Double q = args.number("query-tokens");
        Double d = args.number("passage-tokens");
        return p.withQueryTokens(q == null ? p.queryTokens() : q)
                .withPassageTokens(d == null ? p.passageTokens() : d)
                .withTemplateTokens(args.number("template-tokens"))
                .withCtxTokens(args.number("ctx-tokens"))
                .withOutputTokens(args.number("out-tokens"));
    }

    private int paperTable(String dataset, boolean json) {
        List<PaperTableCheck.Row> rows = PaperTableCheck.check(PaperTable.load(dataset));
        if (json) {
            ArrayNode a = JsonOutput.object().arrayNode();
            for (PaperTableCheck.Row r : rows) {
                ObjectNode o = a.addObject();
                o.put("model", r.cell().preset());
                o.put("method", r.cell().method().methodName());
                o.put("calls", r.cell().calls());
                o.put("prompt_tokens", r.cell().promptTokens());
                o.put("output_tokens", r.cell().outputTokens());
                o.put("pflops_printed", r.cell().printedPflops());
                o.put("pflops_recomputed", r.recomputedPflops());
                o.put("relative_difference", r.relativeDifference());
                o.put("verdict", r.verdict().name().toLowerCase(Locale.ROOT));
                o.put("note", note(r));
                o.put("predicted_calls", r.predictedCalls().expected());
                o.put("predicted_calls_min", r.predictedCalls().min());
                o.put("predicted_calls_max", r.predictedCalls().max());
            }
            out.println(JsonOutput.line(a));
        } else {
            out.printf(Locale.ROOT, "E2R-FLOPs Table 2 (%s): PFLOPs/query = #LLM x C(In, Out) / 1e15, paper accounting "
                    + "(2-matrix FFN, no LM head); tolerance %.0f%%%n", dataset, PaperTableCheck.TOLERANCE * 100);
            out.printf(Locale.ROOT, "%-14s %-20s %8s %6s %6s %9s %11s %8s  %-10s %s%n", "model", "method", "#LLM", "In",
                    "Out", "printed", "recomputed", "diff", "verdict", "our call model: expected [min..max]");
            for (PaperTableCheck.Row r : rows) {
                PaperTable.Cell c = r.cell();
                out.printf(Locale.ROOT, "%-14s %-20s %8.1f %6.1f %6.2f %9.3f %11.5f %+7.2f%%  %-10s %.1f [%d..%d]%n",
                        c.preset(), c.method(), c.calls(), c.promptTokens(), c.outputTokens(), c.printedPflops(),
                        r.recomputedPflops(), 100 * r.relativeDifference(), r.verdict().name().toLowerCase(Locale.ROOT),
                        r.predictedCalls().expected(), r.predictedCalls().min(), r.predictedCalls().max());
            }
            long match = rows.stream().filter(r -> r.verdict() == PaperTableCheck.Verdict.MATCH).count();
            out.printf(Locale.ROOT, "%d cells: %d within %.0f%%%n", rows.size(), match, PaperTableCheck.TOLERANCE * 100);
            for (PaperTableCheck.Row r : rows) {
                String note = note(r);
                if (!note.isEmpty()) {
                    out.printf(Locale.ROOT, "  %s %s %s: %s%n", r.verdict().name().toLowerCase(Locale.ROOT),
                            r.cell().preset(), r.cell().method(), note);
                }
            }
        }
        return rows.stream().allMatch(PaperTableCheck.Row::acceptable) ? Main.OK : Main.CHECK_FAILED;
    }

    /** Why a cell is accepted though outside the tolerance, or the transcription's remark on it. */
    private static String note(PaperTableCheck.Row r) {
        return switch (r.verdict()) {
            case ROUNDED -> String.format(Locale.ROOT, "printed with 3 decimals: %.5f %s to %.3f%s",
                    r.recomputedPflops(), PaperTableCheck.roundsTo(r.recomputedPflops(), r.cell().printedPflops())
                            ? "rounds" : "truncates", r.cell().printedPflops(),
                    r.cell().note().isEmpty() ? "" : "; spec: " + r.cell().note());
            case MISMATCH -> "outside tolerance, no explanation in the spec";
            default -> r.cell().note().isEmpty() ? "" : "spec: " + r.cell().note();
        };
    }
}
