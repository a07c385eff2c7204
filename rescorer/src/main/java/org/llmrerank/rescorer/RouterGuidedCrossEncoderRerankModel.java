package org.llmrerank.rescorer;

import java.util.List;
import java.util.Objects;
import org.llmrerank.estimator.Architecture;
import org.llmrerank.estimator.FlopsEstimator;
import org.llmrerank.routing.Cancellation;
import org.llmrerank.routing.crossencoder.RoutedCrossEncoder;
import org.llmrerank.routing.runtime.LayerPath;
import org.llmrerank.routing.runtime.router.LayerRouters;
import org.llmrerank.routing.tokenizer.Encoding;
import org.llmrerank.routing.tokenizer.PairTokenizer;

/**
 * A cross-encoder on the routed runtime whose blocks Dr.LLM routers choose per pair: before each block a router reads
 * the pair's hidden state and decides skip, execute or repeat, then the classification head scores the first token
 * ({@link RoutedCrossEncoder#scoreWithRouters}). Scored pointwise, as {@link CrossEncoderRerankModel}.
 *
 * <p>FLOPs: counted is what the runtime executed; estimated is the E2R-FLOPs estimate of each pair's executed path at
 * its token count plus the head (every block a pair takes runs in full, so the two agree). Before a call the paths are
 * unknown, so the cost a budget is checked against is full depth's.
 */
public final class RouterGuidedCrossEncoderRerankModel extends CrossEncoderModelBase {

    private final RoutedCrossEncoder engine;
    private final LayerRouters routers;
    private final double knob;
    private final LayerPath full;

    /**
     * @param knob        Dr.LLM's inference knob p in [-1, 1]; {@link LayerRouters#PLAIN} follows the routers as trained
     * @param weightBytes size of the weights the engine holds, -1 when unknown
     * @throws IllegalArgumentException when the routers are not for this encoder's layer count and width, or the knob
     *                                  is outside [-1, 1]
     */
    public RouterGuidedCrossEncoderRerankModel(String name, PairTokenizer tokenizer, RoutedCrossEncoder engine, Architecture architecture,
                                               LayerRouters routers, double knob, long weightBytes) {
        super(name, tokenizer, engine, architecture, weightBytes);
        this.engine = engine;
        this.routers = Objects.requireNonNull(routers, "routers");
        int layers = engine.shape().encoder().layers();
        int width = engine.shape().encoder().hidden();
        if (routers.layers() != layers || routers.inputDim() != width) {
            throw new IllegalArgumentException("the routers route " + routers.layers() + " layers of width " + routers.inputDim()
                + "; the cross-encoder has " + layers + " of width " + width);
        }
        if (!(knob >= -1 && knob <= 1)) {
            throw new IllegalArgumentException("the router knob must be in [-1, 1], got " + knob);
        }
        this.knob = knob;
        this.full = LayerPath.full(layers);
    }

    @Override
    protected PointwiseScores score(List<Encoding> pairs, Cancellation cancellation) throws ModelException {
        RoutedCrossEncoder.RoutedScores run = BiEncoderScoring.call(name, () -> engine.scoreWithRouters(pairs, routers, knob, cancellation));
        double estimated = 0;
        long tokens = 0;
        LayerUsage layers = LayerUsage.UNREPORTED;
        for (int i = 0; i < pairs.size(); i++) {
            LayerPath path = run.paths().get(i);
            int t = pairs.get(i).length();
            estimated += pairCost(path, t);
            tokens += t;
            layers = layers.plus(LayerUsage.of(path, engine.shape().encoder().layers(), 1));
        }
        return new PointwiseScores(run.scored().scores(), estimated, run.scored().countedFlops(), tokens, layers);
    }

    /** Full depth's cost per pair (class comment): the paths are unknown before the call. */
    @Override
    protected double pairCostBeforeCall(int tokens) {
        return pairCost(full, tokens);
    }

    /** Every block of {@code path} over the pair's {@code tokens} positions, then the head. */
    private double pairCost(LayerPath path, int tokens) {
        return FlopsEstimator.routed(architecture, path.layers(), tokens, 0)
            + FlopsEstimator.classificationHead(architecture, engine.shape().labels());
    }

    @Override
    public String toString() {
        return "RouterGuidedCrossEncoderRerankModel{" + name + ", " + routers.layers() + " routers, knob " + knob + "}";
    }
}
