package org.llmrerank.rescorer;

import java.util.List;
import java.util.Objects;
import java.util.function.LongSupplier;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.DoubleAdder;
import java.util.concurrent.atomic.LongAdder;
import org.llmrerank.estimator.Architecture;
import org.llmrerank.estimator.FlopsEstimator;
import org.llmrerank.routing.Cancellation;
import org.llmrerank.routing.Cosine;
import org.llmrerank.routing.onnx.EncoderException;
import org.llmrerank.routing.runtime.EncodedBatch;
import org.llmrerank.routing.runtime.LayerPath;
import org.llmrerank.routing.runtime.PathBiEncoder;
import org.llmrerank.routing.runtime.router.LayerRouters;
import org.llmrerank.routing.runtime.router.RoutedRunner;
import org.llmrerank.routing.runtime.router.TextRunner;
import org.llmrerank.routing.tokenizer.Encoding;

/**
 * A bi-encoder on the routed runtime whose layer path is chosen by trained Dr.LLM routers: before each layer a router
 * reads the hidden state and decides skip, execute or repeat, so easy texts run fewer layers. Relevance is the cosine
 * of query and passage embeddings, as for {@link RoutedBiEncoderRerankModel}.
 *
 * <p>Routers of scope SEQUENCE route each passage alone (one sequence, no padding) while the query runs at full
 * depth; routers of scope REQUEST route the query and the passages follow its path in length-bucketed batches, so
 * query and passages share one embedding space. Counted FLOPs are what the runtime executed; estimated FLOPs are the
 * E2R-FLOPs estimate of the executed paths at each text's token count; the layers executed, skipped and repeated per
 * sequence are reported with every call.
 *
 * <p>Before a call the path is unknown, so the cost a budget is checked against is full depth's: an upper bound.
 */
public final class RouterGuidedBiEncoderRerankModel implements RerankModel {

    /** Sums over this model's calls: what the routers saved against full depth on the same texts. */
    public record RouterTotals(long passages, long passageLayers, double fullDepthFlops, double countedFlops) {}

    private final String name;
    private final PathBiEncoder encoder;
    private final TextRunner runner;
    private final Architecture arch;
    private final LayerRouters routers;
    private final double knob;
    private final LayerPath full;
    private final LongSupplier weightBytes;
    private final LongAdder passages = new LongAdder();
    private final LongAdder passageLayers = new LongAdder();
    private final DoubleAdder fullDepthFlops = new DoubleAdder();
    private final DoubleAdder countedFlops = new DoubleAdder();

    /**
     * @param knob        Dr.LLM's inference knob p in [-1, 1]: {@link LayerRouters#PLAIN} follows the routers, lower
     *                    leans to skipping, higher to repeating
     * @param weightBytes bytes of weights in the engine now (it may open more as it runs), -1 when unknown
     */
    public RouterGuidedBiEncoderRerankModel(String name, PathBiEncoder encoder, Architecture arch, LayerRouters routers, double knob,
                                            LongSupplier weightBytes) {
        this.name = Objects.requireNonNull(name, "name");
        this.encoder = Objects.requireNonNull(encoder, "encoder");
        this.arch = Objects.requireNonNull(arch, "architecture");
        this.routers = Objects.requireNonNull(routers, "routers");
        if (routers.layers() != arch.nLayer()) {
            throw new IllegalArgumentException("the routers route " + routers.layers() + " layers; the model has " + arch.nLayer());
        }
        if (routers.inputDim() != arch.dModel()) {
            throw new IllegalArgumentException("the routers read states of width " + routers.inputDim() + "; the model's are "
                + arch.dModel());
        }
        if (knob < -1 || knob > 1) {
            throw new IllegalArgumentException("the router knob must be in [-1, 1], got " + knob);
        }
        this.knob = knob;
        this.weightBytes = Objects.requireNonNull(weightBytes, "weightBytes");
        this.runner = encoder.texts();
        this.full = LayerPath.full(arch.nLayer());
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public Set<Strategy> supportedStrategies() {
        return BiEncoderRerankModel.strategies();
    }

    @Override
    public long weightBytes() {
        return weightBytes.getAsLong();
    }

    public LayerRouters.Scope scope() {
        return routers.scope();
    }

    public RouterTotals totals() {
        return new RouterTotals(passages.sum(), passageLayers.sum(), fullDepthFlops.sum(), countedFlops.sum());
    }

    @Override
    public PointwiseScores scorePointwise(String query, List<String> passages) throws ModelException {
        return scorePointwise(query, passages, new Cancellation());
    }

    @Override
    public PointwiseScores scorePointwise(String query, List<String> passages, Cancellation cancellation) throws ModelException {
        BiEncoderScoring.requireTexts(query, passages);
        if (passages.isEmpty()) {
            return new PointwiseScores(new float[0], 0, 0, 0);
        }
        try {
            return routers.scope() == LayerRouters.Scope.REQUEST
                ? scoreAlongQueryPath(query, passages, cancellation) : scorePerPassage(query, passages, cancellation);
        } catch (RuntimeException | EncoderException e) {
            throw new ModelException("model [" + name + "] failed: " + e, e);
        }
    }

    /** Full depth's cost: the routers may only make a call cheaper than this, so a budget fit on it holds. */
    @Override
    public Optional<PointwiseCost> estimatePointwise(String query, List<String> passages) {
        return Optional.of(BiEncoderScoring.cost(query, passages, encoder::encodeQuery, encoder::encodePassage,
            tokens -> FlopsEstimator.routed(arch, full.layers(), tokens, 0)));
    }

    private PointwiseScores scoreAlongQueryPath(String query, List<String> texts, Cancellation cancellation) throws EncoderException {
        RoutedRunner.Result q = runner.run(encoder.encodeQuery(query), routers, knob);
        List<Encoding> inputs = texts.stream().map(encoder::encodePassage).toList();
        EncodedBatch p = encoder.embed(inputs, q.path(), cancellation);
        double counted = q.countedFlops() + p.countedFlops();
        double estimated = FlopsEstimator.routed(arch, q.path().layers(), q.tokens(), 0);
        double fullCost = FlopsEstimator.routed(arch, full.layers(), q.tokens(), 0);
        long tokens = q.tokens();
        for (Encoding input : inputs) {
            int t = input.length(); // the passages run in the encoder: costed as it runs the last block
            estimated += encoder.estimatedFlops(arch, q.path().layers(), t);
            fullCost += encoder.estimatedFlops(arch, full.layers(), t);
            tokens += t;
        }
        record(texts.size(), (long) texts.size() * q.path().applications(), fullCost, counted);
        return new PointwiseScores(Cosine.scores(q.embedding(), p.embeddings()), estimated, counted, tokens,
            LayerUsage.of(q.path(), arch.nLayer(), 1 + texts.size()));
    }

    private PointwiseScores scorePerPassage(String query, List<String> texts, Cancellation cancellation) throws EncoderException {
        RoutedRunner.Result q = runner.run(encoder.encodeQuery(query), full);
        double counted = q.countedFlops();
        double estimated = FlopsEstimator.routed(arch, q.path().layers(), q.tokens(), 0);
        double fullCost = estimated;
        long tokens = q.tokens();
        long layersOfPassages = 0;
        LayerUsage layers = LayerUsage.of(q.path(), arch.nLayer(), 1);
        float[][] embeddings = new float[texts.size()][];
        for (int i = 0; i < texts.size(); i++) {
            if (cancellation.isCancelled()) {
                throw new IllegalStateException("cancelled after " + i + " of " + texts.size() + " passages");
            }
            RoutedRunner.Result p = runner.run(encoder.encodePassage(texts.get(i)), routers, knob);
            counted += p.countedFlops();
            estimated += FlopsEstimator.routed(arch, p.path().layers(), p.tokens(), 0);
            fullCost += FlopsEstimator.routed(arch, full.layers(), p.tokens(), 0);
            tokens += p.tokens();
            layersOfPassages += p.path().applications();
            layers = layers.plus(LayerUsage.of(p.path(), arch.nLayer(), 1));
            embeddings[i] = p.embedding();
        }
        record(texts.size(), layersOfPassages, fullCost, counted);
        return new PointwiseScores(Cosine.scores(q.embedding(), embeddings), estimated, counted, tokens, layers);
    }

    private void record(long n, long layersOfPassages, double fullCost, double counted) {
        passages.add(n);
        passageLayers.add(layersOfPassages);
        fullDepthFlops.add(fullCost);
        countedFlops.add(counted);
    }

    /** Frees the engine's weights after calls in flight finish. */
    @Override
    public void close() {
        encoder.close();
    }

    @Override
    public String toString() {
        return "RouterGuidedBiEncoderRerankModel{" + name + ", " + routers.layers() + " routers of scope " + routers.scope() + ", knob "
            + knob + "}";
    }
}
