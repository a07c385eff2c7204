package org.llmrerank.rest.models;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.llmrerank.estimator.HfConfig;
import org.llmrerank.routing.runtime.OnnxEncoderShape;
import org.llmrerank.routing.runtime.OnnxFormatException;
import org.llmrerank.routing.runtime.OnnxModelFile;

/**
 * Holds a registration's config.json to the ONNX graph beside it. The FLOPs estimates, budgets and the
 * stats are computed from config.json while the graph is what runs: a config that claims other sizes
 * (a million layers beside a 12-layer graph) would make every estimate fiction, so it is refused, naming
 * each key that disagrees.
 */
final class GraphConfigCheck {

    /** The config.json keys the graph can show, in the order a refusal names them. */
    private static final List<String> KEYS =
        List.of(OnnxEncoderShape.LAYERS, OnnxEncoderShape.HIDDEN, OnnxEncoderShape.INTERMEDIATE, OnnxEncoderShape.VOCAB);

    private GraphConfigCheck() {}

    /**
     * @param config a config whose encoder shape was already read (every key here is a valid shape field)
     * @throws IllegalArgumentException when the graph cannot be parsed or a number it shows differs from the config's
     */
    static void check(byte[] onnx, String onnxLabel, HfConfig config, String configLabel) {
        Map<String, Long> graph;
        try {
            graph = OnnxEncoderShape.of(OnnxModelFile.parse(onnx));
        } catch (RuntimeException e) {
            // the parser's own messages name byte offsets and tensor names; anything else it throws is named by its kind
            throw new IllegalArgumentException("[" + onnxLabel + "] is not a valid ONNX graph: "
                + (e instanceof OnnxFormatException ? e.getMessage() : e.getClass().getSimpleName()));
        }
        List<String> mismatches = new ArrayList<>();
        for (String key : KEYS) {
            Long actual = graph.get(key);
            long claimed = config.positiveInt(key);
            if (actual != null && actual != claimed) {
                mismatches.add(key + " is " + claimed + " in [" + configLabel + "] but " + actual + " in the graph");
            }
        }
        if (!mismatches.isEmpty()) {
            throw new IllegalArgumentException("[" + configLabel + "] does not describe [" + onnxLabel + "]: "
                + String.join("; ", mismatches));
        }
    }
}
