package org.llmrerank.cli;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.llmrerank.estimator.Architecture;
import org.llmrerank.estimator.FlopsEstimator;
import org.llmrerank.estimator.InputException;
import org.llmrerank.rescorer.BiEncoderRerankModel;
import org.llmrerank.rescorer.ModelException;
import org.llmrerank.rescorer.LayerUsage;
import org.llmrerank.rescorer.PointwiseScores;
import org.llmrerank.rescorer.RerankModel;
import org.llmrerank.rescorer.Strategy;
import org.llmrerank.routing.runtime.LayerPath;
import org.llmrerank.routing.runtime.RoutedBiEncoder;
import org.llmrerank.routing.runtime.RoutedBundledModel;
import org.llmrerank.routing.runtime.router.LayerRouters;
import org.llmrerank.routing.runtime.router.RoutedRunner;

/**
 * bge-small on the routed runtime with Dr.LLM routers ({@code eval --model bge-small-routed --routers FILE}).
 * Routers of scope SEQUENCE: each passage runs alone (no padding) along the path its routers choose; the query runs at
 * full depth. Routers of scope REQUEST: the query's routers choose the path and the passages follow it (see
 * {@link LayerRouters.Scope}).
 * Relevance = cosine. Estimated FLOPs = {@code FlopsEstimator.routed} of the executed paths; counted
 * FLOPs = the runtime's counter (the two agree exactly for unpadded single sequences). It also keeps
 * what full depth would have cost on the same texts, and the executed layers per passage.
 */
final class RoutedRerankModel implements RerankModel {

    /** Opens {@code bge-small-routed} with routers; other names go to {@code next}. */
    record Provider(Path routersFile, double knob, ModelProvider next) implements ModelProvider {
        @Override
        public RerankModel open(String name) {
            RoutedBundledModel m = RoutedBundledModel.BGE_SMALL;
            if (!m.modelName().equalsIgnoreCase(name)) {
                throw new InputException("--routers needs --model " + m.modelName() + ", got '" + name + "'");
            }
            try {
                LayerRouters routers = LayerRouters.load(routersFile);
                return new RoutedRerankModel(m.load(512, RuntimeModels.BATCH_SIZE), m.mirrors().architecture(), routers, knob);
            } catch (IOException | RuntimeException e) {
                throw new InputException("cannot load model '" + name + "' with routers " + routersFile + ": " + e.getMessage());
            }
        }
    }

    private final RoutedBiEncoder encoder;
    private final RoutedRunner runner;
    private final Architecture arch;
    private final LayerRouters routers;
    private final double knob;
    private final LayerPath full;
    long passages;
    long passageLayers;
    double fullDepthFlops;
    double routedFlops;

    RoutedRerankModel(RoutedBiEncoder encoder, Architecture arch, LayerRouters routers, double knob) {
        this.encoder = encoder;
        this.arch = arch;
        this.routers = routers;
        this.knob = knob;
        this.runner = new RoutedRunner(encoder.encoder().model(), encoder.encoder().pooling(), encoder.encoder().padId());
        this.full = LayerPath.full(arch.nLayer());
    }

    @Override
    public String name() {
        return RoutedBundledModel.BGE_SMALL.modelName() + "+routers";
    }

    @Override
    public Set<Strategy> supportedStrategies() {
        return BiEncoderRerankModel.strategies();
    }

    @Override
    public PointwiseScores scorePointwise(String query, List<String> passages) throws ModelException {
        return routers.scope() == LayerRouters.Scope.REQUEST ? scoreAlongQueryPath(query, passages) : scorePerPassage(query, passages);
    }

    /**
     * Scope REQUEST: the query's routers choose the path as the query runs (one sequence, no padding); the passages then
     * run along that same path in length-bucketed batches (padding bounded as in the plugin), so query and passages
     * share one embedding space.
     */
    private PointwiseScores scoreAlongQueryPath(String query, List<String> passages) throws ModelException {
        try {
            RoutedRunner.Result q = runner.run(encoder.encodeQuery(query), routers, knob);
            List<org.llmrerank.routing.tokenizer.Encoding> inputs = passages.stream().map(encoder::encodePassage).toList();
            org.llmrerank.routing.runtime.EncodedBatch p = encoder.encoder().embed(inputs, q.path(), new org.llmrerank.routing.Cancellation());
            double counted = q.countedFlops() + p.countedFlops();
            double estimated = FlopsEstimator.routed(arch, q.path().layers(), q.tokens(), 0);
            double fullCost = FlopsEstimator.routed(arch, full.layers(), q.tokens(), 0);
            long tokens = q.tokens();
            float[] scores = new float[passages.size()];
            for (int i = 0; i < scores.length; i++) {
                int t = inputs.get(i).length(); // passages run in the encoder, costed as it runs the last block
                estimated += encoder.encoder().estimatedFlops(arch, q.path().layers(), t);
                fullCost += encoder.encoder().estimatedFlops(arch, full.layers(), t);
                tokens += t;
                scores[i] = (float) Vectors.dot(q.embedding(), p.embeddings()[i]);
            }
            this.passages += passages.size();
            passageLayers += (long) passages.size() * q.path().applications();
            fullDepthFlops += fullCost;
            routedFlops += counted;
            return new PointwiseScores(scores, estimated, counted, tokens, LayerUsage.of(q.path(), arch.nLayer(), 1 + passages.size()));
        } catch (RuntimeException | org.llmrerank.routing.onnx.EncoderException e) {
            throw new ModelException("routed model failed: " + e, e);
        }
    }

    private PointwiseScores scorePerPassage(String query, List<String> passages) throws ModelException {
        try {
            RoutedRunner.Result q = runner.run(encoder.encodeQuery(query), full);
            double counted = q.countedFlops();
            double estimated = FlopsEstimator.routed(arch, q.path().layers(), q.tokens(), 0);
            double fullCost = estimated;
            long tokens = q.tokens();
            LayerUsage layers = LayerUsage.of(q.path(), arch.nLayer(), 1);
            float[] scores = new float[passages.size()];
            for (int i = 0; i < scores.length; i++) {
                RoutedRunner.Result p = runner.run(encoder.encodePassage(passages.get(i)), routers, knob);
                counted += p.countedFlops();
                estimated += FlopsEstimator.routed(arch, p.path().layers(), p.tokens(), 0);
                fullCost += FlopsEstimator.routed(arch, full.layers(), p.tokens(), 0);
                tokens += p.tokens();
                passageLayers += p.path().applications();
                layers = layers.plus(LayerUsage.of(p.path(), arch.nLayer(), 1));
                scores[i] = (float) Vectors.dot(q.embedding(), p.embedding());
            }
            this.passages += passages.size();
            fullDepthFlops += fullCost;
            routedFlops += counted;
            return new PointwiseScores(scores, estimated, counted, tokens, layers);
        } catch (RuntimeException e) {
            throw new ModelException("routed model failed: " + e, e);
        }
    }

    /** One line for eval's report. */
    String summary(int queries) {
        return String.format(java.util.Locale.ROOT,
                "routers: knob %.2f, %d passages, avg executed layers/passage %.3f of %d; counted PFLOPs/query %.6f vs full depth %.6f (%+.1f%%)",
                knob, passages, passages == 0 ? 0 : (double) passageLayers / passages, arch.nLayer(),
                routedFlops / 1e15 / queries, fullDepthFlops / 1e15 / queries, 100 * (routedFlops / fullDepthFlops - 1));
    }

    @Override
    public void close() {
        encoder.close();
    }
}
