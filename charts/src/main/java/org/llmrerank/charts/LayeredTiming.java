package org.llmrerank.charts;

import java.io.IOException;
import java.nio.file.Path;
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

    /** @throws ChartInputException naming the file, the line and the field of the first bad entry */
    public static List<LayeredTiming> read(Path file) throws IOException {
        return JsonLines.read(file, f -> new LayeredTiming(f.optionalNumber("knob"), f.number("ratio_layered_to_one_session"),
            f.optionalNumber("ratio_routed_to_one_session")), "no timings (write them with bench --layered --json)");
    }
}
