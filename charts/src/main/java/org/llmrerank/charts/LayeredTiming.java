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

/**
 * One {@code bench --layered --json} line: the layered int8 engine's model time over the one session's, measured side by
 * side in one run (engines alternated), along the full path and, with routers, along the paths they chose at
 * {@code knob}. Ratios from one run compare; absolute times from separate runs on a shared CPU do not.
 *
 * @param knob          the routers' knob; null for a run without routers
 * @param layeredRatio  full path / one session
 * @param routedRatio   routed / one session; null without routers
 */
public record LayeredTiming(Double knob, double layeredRatio, Double routedRatio) {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** @throws ChartInputException naming the file, the line and the field of the first bad entry */
    public static List<LayeredTiming> read(Path file) throws IOException {
        List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        List<LayeredTiming> out = new ArrayList<>();
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
            Fields f = new Fields(o, where);
            out.add(new LayeredTiming(f.optionalNumber("knob"), f.number("ratio_layered_to_one_session"),
                f.optionalNumber("ratio_routed_to_one_session")));
        }
        if (out.isEmpty()) {
            throw new ChartInputException(file.getFileName() + ": no timings (write them with bench --layered --json)");
        }
        return List.copyOf(out);
    }
}
