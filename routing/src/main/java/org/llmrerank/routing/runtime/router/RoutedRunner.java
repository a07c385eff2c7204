package org.llmrerank.routing.runtime.router;

import java.util.List;
import org.llmrerank.routing.onnx.Pooling;
import org.llmrerank.routing.runtime.BertForward;
import org.llmrerank.routing.runtime.DjlBertModel;
import org.llmrerank.routing.runtime.FlopsCounter;
import org.llmrerank.routing.runtime.LayerPath;
import org.llmrerank.routing.tokenizer.Encoding;
import org.llmrerank.routing.tokenizer.PaddedBatch;

/**
 * Runs texts through a {@link DjlBertModel} with Dr.LLM routers deciding, per sequence and per
 * layer, to skip, execute or repeat the block (Dr.LLM, router architecture; Dr.LLM, routing at inference).
 *
 * <p>Sequences run one at a time (a batch of one, no padding): sequences of a batch may take
 * different paths, and one sequence per pass is the simplest exact way to honour that (the paper's
 * alternative, per-layer micro-batches grouped by decision, gives the same paths and only changes
 * speed). The counted FLOPs are therefore exactly {@code FlopsEstimator.routed(arch, path, T, 0)}
 * at the text's real length T.
 *
 * <p>KV behaviour (Dr.LLM, routing at inference): an encoder has no KV cache and no decode steps; each text is one
 * forward pass whose router decisions are made once, on the whole input, before each block. That is
 * the paper's behaviour (i), routing once per input sequence; the code's per-forward routing (ii)
 * coincides with it here because there is exactly one forward per text. A repeated block simply
 * re-runs attention over the states it produced, with nothing cached to keep consistent.
 *
 * <p>Holds no mutable state; thread-safety is the model's.
 */
public final class RoutedRunner implements TextRunner {

    /** One text's result. */
    public record Result(float[] embedding, LayerPath path, double countedFlops, int tokens) {}

    private final DjlBertModel model;
    private final Pooling pooling;
    private final int padId;

    public RoutedRunner(DjlBertModel model, Pooling pooling, int padId) {
        this.model = model;
        this.pooling = pooling;
        this.padId = padId;
    }

    @Override
    public int layers() {
        return model.config().layers();
    }

    /** Along a fixed path. */
    @Override
    public Result run(Encoding text, LayerPath path) {
        return run(one(text), path);
    }

    /** Along a fixed path; {@code text} is one unpadded row. */
    public Result run(PaddedBatch text, LayerPath path) {
        requireOneRow(text);
        FlopsCounter counter = new FlopsCounter();
        try (BertForward forward = model.begin(text, counter)) {
            forward.apply(path);
            return new Result(embedding(forward), new LayerPath(forward.executed()), counter.total(), text.columns());
        }
    }

    private PaddedBatch one(Encoding text) {
        return PaddedBatch.of(List.of(text), padId);
    }

    private static void requireOneRow(PaddedBatch b) {
        if (b.rows() != 1) {
            throw new IllegalArgumentException("one sequence per pass, got " + b.rows() + " rows");
        }
        for (long m : b.attentionMask()) {
            if (m == 0) {
                throw new IllegalArgumentException("the sequence must not be padded");
            }
        }
    }

    /** Routers decide before each block, from the hidden state entering it; {@code knob} as in {@link LayerRouters#decide}. */
    @Override
    public Result run(Encoding text, LayerRouters routers, double knob) {
        return run(one(text), routers, knob);
    }

    /** As {@link #run(Encoding, LayerRouters, double)}; {@code text} is one unpadded row. */
    public Result run(PaddedBatch text, LayerRouters routers, double knob) {
        requireOneRow(text);
        int tokens = text.columns();
        if (routers.layers() != layers() || routers.inputDim() != model.config().hidden()) {
            throw new IllegalArgumentException("routers are for " + routers.layers() + " layers of width "
                    + routers.inputDim() + ", the model has " + layers() + " of " + model.config().hidden());
        }
        int d = model.config().hidden();
        FlopsCounter counter = new FlopsCounter();
        try (BertForward forward = model.begin(text, counter)) {
            for (int l = 0; l < layers(); l++) {
                float[][] windows = Router.windowMeans(forward.hiddenStates(), 0, tokens, d);
                Decision decision = routers.decide(l, windows, knob);
                for (int k = 0; k < decision.applications(); k++) {
                    forward.apply(l);
                }
            }
            return new Result(embedding(forward), new LayerPath(forward.executed()), counter.total(), tokens);
        }
    }

    /**
     * Teacher forcing (Dr.LLM, loss and training): runs {@code counts} (0/1/2 per layer) and returns, per layer, the
     * window means of the state entering it: the routers' training inputs.
     */
    @Override
    public float[][][] routerInputs(Encoding text, int[] counts) {
        return routerInputs(one(text), counts);
    }

    public float[][][] routerInputs(PaddedBatch text, int[] counts) {
        requireOneRow(text);
        int d = model.config().hidden();
        float[][][] inputs = new float[layers()][][];
        try (BertForward forward = model.begin(text, new FlopsCounter())) {
            for (int l = 0; l < layers(); l++) {
                inputs[l] = Router.windowMeans(forward.hiddenStates(), 0, text.columns(), d);
                for (int k = 0; k < counts[l]; k++) {
                    forward.apply(l);
                }
            }
        }
        return inputs;
    }

    private float[] embedding(BertForward forward) {
        float[] v = forward.pool(pooling)[0];
        Pooling.l2Normalize(v);
        return v;
    }
}
