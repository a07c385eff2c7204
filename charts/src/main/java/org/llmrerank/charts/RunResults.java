package org.llmrerank.charts;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/** Reads a results file: one JSON object per line, as {@code eval --results} appends them; blank lines are skipped. */
public final class RunResults {

    private RunResults() {}

    /** @throws ChartInputException naming the file, the line and the field of the first bad entry */
    public static List<RunResult> read(Path file) throws IOException {
        return JsonLines.read(file, RunResults::parse, "no results (write them with eval --results)");
    }

    private static RunResult parse(Fields f) {
        return new RunResult(f.text("model"), f.text("strategy"), f.optionalNumber("budget_flops"), f.optionalText("routers"),
                f.optionalNumber("router_knob"), f.number("ndcg@10"), f.number("pflops_per_query_estimated"),
                f.optionalNumber("pflops_per_query_counted"), f.optionalNumber("model_seconds"), (int) f.number("queries"));
    }
}
