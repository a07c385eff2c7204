package org.llmrerank.charts;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Reads a results file: one JSON object per line, as {@code eval --results} appends them; blank lines are skipped. */
public final class RunResults {

    private static final ObjectMapper JSON = new ObjectMapper();

    private RunResults() {}

    /** @throws ChartInputException naming the file, the line and the field of the first bad entry */
    public static List<RunResult> read(Path file) throws IOException {
        List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        List<RunResult> results = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).isBlank()) {
                continue;
            }
            String where = file.getFileName() + " line " + (i + 1);
            JsonNode o;
            try {
                o = JSON.readTree(lines.get(i));
            } catch (JsonProcessingException e) {
                throw new ChartInputException(where + ": not JSON: " + e.getOriginalMessage());
            }
            results.add(parse(new Fields(o, where)));
        }
        if (results.isEmpty()) {
            throw new ChartInputException(file.getFileName() + ": no results (write them with eval --results)");
        }
        return results;
    }

    private static RunResult parse(Fields f) {
        return new RunResult(f.text("model"), f.text("strategy"), f.optionalNumber("budget_flops"), f.optionalText("routers"),
                f.optionalNumber("router_knob"), f.number("ndcg@10"), f.number("pflops_per_query_estimated"),
                f.optionalNumber("pflops_per_query_counted"), f.optionalNumber("model_seconds"), (int) f.number("queries"));
    }
}
