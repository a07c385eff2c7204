package org.llmrerank.rest.models;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.llmrerank.estimator.Architecture;
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

    private GraphConfigCheck() {}

    /** @throws IllegalArgumentException when the graph cannot be parsed or a number it shows differs from the config's */
    static void check(byte[] onnx, String onnxLabel, Architecture config, String configLabel) {
        Map<String, Long> graph;
        try {
            graph = OnnxEncoderShape.of(OnnxModelFile.parse(onnx));
        } catch (RuntimeException e) {
            // the parser's own messages name byte offsets and tensor names; anything else it throws is named by its kind
            throw new IllegalArgumentException("[" + onnxLabel + "] is not a valid ONNX graph: "
                + (e instanceof OnnxFormatException ? e.getMessage() : e.getClass().getSimpleName()));
        }
        Map<String, Long> claimed = new LinkedHashMap<>();
        claimed.put(OnnxEncoderShape.LAYERS, (long) config.nLayer());
        claimed.put(OnnxEncoderShape.HIDDEN, (long) config.dModel());
        claimed.put(OnnxEncoderShape.INTERMEDIATE, (long) config.dFf());
        claimed.put(OnnxEncoderShape.VOCAB, (long) config.vocab());
        List<String> mismatches = new ArrayList<>();
        for (Map.Entry<String, Long> e : claimed.entrySet()) {
            Long actual = graph.get(e.getKey());
            if (actual != null && !actual.equals(e.getValue())) {
                mismatches.add(e.getKey() + " is " + e.getValue() + " in [" + configLabel + "] but " + actual + " in the graph");
            }
        }
        if (!mismatches.isEmpty()) {
            throw new IllegalArgumentException("[" + configLabel + "] does not describe [" + onnxLabel + "]: "
                + String.join("; ", mismatches));
        }
    }
}
