package org.llmrerank.rescorer;

import org.llmrerank.routing.runtime.LayerPath;

/**
 * How many transformer-layer applications one model call made, summed over the sequences it
 * encoded (query and passages), so Dr.LLM routing shows up as layers skipped and repeated.
 * An engine that runs its graph whole (ONNX Runtime) executes every layer once per sequence.
 *
 * @param sequences sequences encoded; 0 when the model does not report layer use
 * @param executed  layer applications, repeats counted twice
 * @param skipped   layers a sequence's path left out, summed over sequences
 * @param repeated  extra applications of a layer already applied (a path [0,1,1,2] repeats one)
 */
public record LayerUsage(long sequences, long executed, long skipped, long repeated) {

    /** A model that does not say how many layers it ran. */
    public static final LayerUsage UNREPORTED = new LayerUsage(0, 0, 0, 0);

    public LayerUsage {
        if (sequences < 0 || executed < 0 || skipped < 0 || repeated < 0) {
            throw new IllegalArgumentException("layer counts are non-negative: " + sequences + "/" + executed + "/" + skipped + "/" + repeated);
        }
    }

    /** Every one of {@code layers} layers once for each of {@code sequences} sequences. */
    public static LayerUsage fullDepth(int layers, long sequences) {
        return new LayerUsage(sequences, (long) layers * sequences, 0, 0);
    }

    /** {@code sequences} sequences that all took {@code path} through a model of {@code layers} layers. */
    public static LayerUsage of(LayerPath path, int layers, long sequences) {
        long distinct = path.layers().stream().distinct().count();
        return new LayerUsage(sequences, path.applications() * sequences, (layers - distinct) * sequences,
            (path.applications() - distinct) * sequences);
    }

    public LayerUsage plus(LayerUsage o) {
        return new LayerUsage(sequences + o.sequences, executed + o.executed, skipped + o.skipped, repeated + o.repeated);
    }

    public boolean reported() {
        return sequences > 0;
    }
}
