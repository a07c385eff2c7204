package org.llmrerank.elasticsearch;

import org.elasticsearch.common.settings.Settings;

/**
 * Pins the test nodes' ports where the machine allots a range: {@code -Dtests.llm_rerank.es_ports=FROM-TO} gives HTTP the
 * first half and transport the second (each node of a suite binds the first free port of its half). Without it the
 * test framework's own per-worker range applies.
 */
public final class TestPorts {

    public static final String PROPERTY = "tests.llm_rerank.es_ports";

    private TestPorts() {}

    /** {@code nodeSettings} with the ports of {@value #PROPERTY} when it is set. */
    public static Settings pin(Settings nodeSettings) {
        String range = System.getProperty(PROPERTY);
        if (range == null || range.isBlank()) {
            return nodeSettings;
        }
        String[] bounds = range.trim().split("-");
        if (bounds.length != 2) {
            throw new IllegalArgumentException("-D" + PROPERTY + " must be FROM-TO, got [" + range + "]");
        }
        int from = Integer.parseInt(bounds[0].trim());
        int to = Integer.parseInt(bounds[1].trim());
        if (to - from < 3) {
            throw new IllegalArgumentException("-D" + PROPERTY + " [" + range + "] must hold at least two ports for each of HTTP and transport");
        }
        int half = from + (to - from + 1) / 2;
        return Settings.builder().put(nodeSettings)
            .put("http.port", from + "-" + (half - 1))
            .put("transport.port", half + "-" + to)
            .build();
    }
}
