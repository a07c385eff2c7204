package org.llmrerank.rescorer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.llmrerank.estimator.FlopsEstimator;
import org.llmrerank.estimator.HfConfig;
import org.llmrerank.estimator.RerankMethod;
import org.llmrerank.rescorer.model.ModelDescriptor;
import org.llmrerank.rescorer.model.ModelDescriptors;
import org.llmrerank.rescorer.model.ModelFactory;
import org.llmrerank.rescorer.strategy.AutoDecision;
import org.llmrerank.rescorer.strategy.AvailableModel;
import org.llmrerank.rescorer.strategy.BudgetFit;
import org.llmrerank.rescorer.strategy.CandidateAssessment;
import org.llmrerank.rescorer.strategy.CostPrediction;
import org.llmrerank.rescorer.strategy.EffectivenessTable;
import org.llmrerank.rescorer.strategy.RequestTokens;
import org.llmrerank.rescorer.strategy.StrategyChooser;
import org.llmrerank.rescorer.strategy.StrategyResult;
import org.llmrerank.rescorer.strategy.StrategySettings;
import org.llmrerank.routing.crossencoder.CrossEncoderFamily;
import org.llmrerank.routing.crossencoder.StandInCrossEncoder;
import org.llmrerank.routing.onnx.EncoderOptions;
import org.llmrerank.routing.runtime.router.Decision;
import org.llmrerank.routing.runtime.router.LayerRouters;
import org.llmrerank.routing.runtime.router.Router;
import org.llmrerank.routing.tokenizer.PairTokenizer;

/**
 * A STAND-IN cross-encoder (tiny random XLM-RoBERTa, two logits) opened by the model factory both ways: its ONNX graph
 * on ONNX Runtime and its safetensors on the routed runtime give the same scores, the routed one counts what it
 * estimates, and {@code strategy: auto} costs it.
 */
class CrossEncoderRerankModelTest {

    private static final String QUERY = "how the fox grow";
    private static final List<String> PASSAGES = List.of("the quick brown fox", "stock markets fell today", "foxes are small mammals",
        "a red fox in the forest and the dog");

    @TempDir
    Path tmp;

    private static ModelDescriptor descriptor(Path dir) {
        return ModelDescriptors.crossEncoder(dir.getFileName().toString(), dir, HfConfig.read(dir.resolve("config.json")));
    }

    @Test
    void bothEnginesScoreAlikeAndTheRoutedOneCountsWhatItEstimates() throws Exception {
        Path dir = StandInCrossEncoder.write(tmp.resolve("xlmr"), CrossEncoderFamily.XLM_ROBERTA, 2, StandInCrossEncoder.WeightFiles.BOTH, 3);
        ModelFactory factory = new ModelFactory(EncoderOptions.defaults(), 512);
        ModelDescriptor onnxDescriptor = descriptor(dir);
        assertInstanceOf(ModelDescriptor.OnnxCrossEncoder.class, onnxDescriptor);
        try (RerankModel onnx = factory.open(onnxDescriptor)) {
            // without the graph the same folder is a safetensors checkpoint for the routed runtime
            Files.delete(dir.resolve("model.onnx"));
            ModelDescriptor routedDescriptor = descriptor(dir);
            assertInstanceOf(ModelDescriptor.CheckpointCrossEncoder.class, routedDescriptor);
            assertEquals(Set.of(Strategy.POINTWISE, Strategy.POINTWISE_CROSS_ENCODER), routedDescriptor.strategies());
            compare(onnx, factory.open(routedDescriptor));
        }
    }

    private static void compare(RerankModel onnx, RerankModel routedModel) throws Exception {
        try (RerankModel routed = routedModel) {
            PointwiseScores a = onnx.scorePointwise(QUERY, PASSAGES);
            PointwiseScores b = routed.scorePointwise(QUERY, PASSAGES);
            double scale = 0;
            for (float s : a.scores()) {
                scale = Math.max(scale, Math.abs(s));
            }
            for (int i = 0; i < PASSAGES.size(); i++) {
                assertEquals(a.scores()[i], b.scores()[i], 1e-4 * scale, "passage " + i + ": " + Arrays.toString(a.scores()));
            }
            assertTrue(a.countedFlops() >= a.estimatedFlops(), "ONNX Runtime's count includes each batch's padding: " + a.countedFlops()
                + " vs " + a.estimatedFlops());
            assertEquals(b.estimatedFlops(), b.countedFlops(), 1e-9 * b.countedFlops(), "short pairs are padded to their own length");
            assertTrue(a.estimatedFlops() > b.estimatedFlops(), "ONNX Runtime computes every position's last block");
            assertEquals(a.inputTokens(), b.inputTokens());
            assertEquals(new LayerUsage(PASSAGES.size(), 2L * PASSAGES.size(), 0, 0), b.layers());

            RerankModel.PointwiseCost cost = routed.estimatePointwise(QUERY, PASSAGES).orElseThrow();
            assertEquals(0, cost.fixedFlops());
            assertEquals(b.estimatedFlops(), Arrays.stream(cost.passageFlops()).sum(), 1e-9 * b.estimatedFlops());

            AvailableModel capabilities = routed.capabilities().orElseThrow();
            assertEquals(Set.of(RerankMethod.POINTWISE_CROSS_ENCODER), capabilities.methods());
            StrategyResult ranked = capabilities.strategy(RerankMethod.POINTWISE_CROSS_ENCODER, StrategySettings.paper())
                .rerank(QUERY, PASSAGES, 2);
            assertEquals(PASSAGES.size(), ranked.trace().calls());
        }
    }

    @Test
    void autoCostsACrossEncoderAndRunsItOnceItHasAnEffectivenessFigure() throws Exception {
        Path dir = StandInCrossEncoder.write(tmp.resolve("bert"), CrossEncoderFamily.BERT, 1, StandInCrossEncoder.WeightFiles.SAFETENSORS, 4);
        try (RerankModel model = new ModelFactory(EncoderOptions.defaults(), 512).open(descriptor(dir))) {
            AvailableModel m = model.capabilities().orElseThrow();
            RequestTokens tokens = RequestTokens.count(m.tokens(), QUERY, PASSAGES, StrategySettings.paper());
            double predicted = CostPrediction.predict(m.architecture(), RerankMethod.POINTWISE_CROSS_ENCODER, tokens, PASSAGES.size(), 2,
                StrategySettings.paper()).flops();

            // no measured quality for this model: its cost is known, and auto keeps the first-stage order
            AutoDecision unknown = StrategyChooser.withDefaults().choose(List.of(m), QUERY, PASSAGES, 2, Double.POSITIVE_INFINITY);
            assertEquals(AutoDecision.Outcome.FIRST_STAGE_ORDER, unknown.outcome());
            CandidateAssessment a = unknown.candidates().get(0);
            assertEquals(RerankMethod.POINTWISE_CROSS_ENCODER, a.method());
            assertEquals(CandidateAssessment.Verdict.NO_EFFECTIVENESS_FIGURE, a.verdict());
            assertEquals(predicted, a.expectedFlops(), 1e-9 * predicted);

            // with a figure it is chosen, and dropped once the budget is below its predicted cost
            EffectivenessTable measured = EffectivenessTable.dl19().with("bert", RerankMethod.POINTWISE_CROSS_ENCODER, 0.7);
            StrategyChooser chooser = new StrategyChooser(measured, StrategySettings.paper(), BudgetFit.WORST_CASE);
            AutoDecision chosen = chooser.choose(List.of(m), QUERY, PASSAGES, 2, Double.POSITIVE_INFINITY);
            assertEquals(AutoDecision.Outcome.CHOSEN, chosen.outcome());
            assertEquals(Strategy.POINTWISE_CROSS_ENCODER, chosen.clauseStrategy());
            assertEquals(AutoDecision.Outcome.FIRST_STAGE_ORDER, chooser.choose(List.of(m), QUERY, PASSAGES, 2, predicted / 100).outcome());
        }
    }

    @Test
    void routersChooseEachPairsBlocksAndTheFlopsFollowThePathsTaken() throws Exception {
        Path dir = StandInCrossEncoder.write(tmp.resolve("routed"), CrossEncoderFamily.BERT, 1, StandInCrossEncoder.WeightFiles.SAFETENSORS, 6);
        ModelDescriptor.CheckpointCrossEncoder base = (ModelDescriptor.CheckpointCrossEncoder) descriptor(dir);
        int layers = base.shape().encoder().layers();
        int width = base.shape().encoder().hidden();
        ModelFactory factory = new ModelFactory(EncoderOptions.defaults(), 512);
        try (RerankModel routed = factory.open(new ModelDescriptor.RouterGuidedCrossEncoder("routed", base, skipLast(layers, width),
                LayerRouters.PLAIN))) {
            PointwiseScores scores = routed.scorePointwise(QUERY, PASSAGES);
            assertEquals(new LayerUsage(PASSAGES.size(), (long) (layers - 1) * PASSAGES.size(), PASSAGES.size(), 0), scores.layers());
            // one unpadded pair at a time, every block it takes in full: counted is the estimate of the paths taken
            List<Integer> path = java.util.stream.IntStream.range(0, layers - 1).boxed().toList();
            double expected = 0;
            try (PairTokenizer tokenizer = PairTokenizer.fromJson(Files.readAllBytes(dir.resolve("tokenizer.json")), 512)) {
                for (String passage : PASSAGES) {
                    expected += FlopsEstimator.routed(base.architecture(), path, tokenizer.encodePair(QUERY, passage).length(), 0)
                        + FlopsEstimator.classificationHead(base.architecture(), 1);
                }
            }
            assertEquals(expected, scores.estimatedFlops(), 1e-9 * expected);
            assertEquals(expected, scores.countedFlops(), 1e-9 * expected);
            // the budget is checked against full depth: more than the routed call spent
            double fullDepth = Arrays.stream(routed.estimatePointwise(QUERY, PASSAGES).orElseThrow().passageFlops()).sum();
            assertTrue(fullDepth > scores.countedFlops(), fullDepth + " vs " + scores.countedFlops());
        }
        // routers for another depth are refused when the model is put together
        ModelException refused = assertThrows(ModelException.class, () -> factory.open(
            new ModelDescriptor.RouterGuidedCrossEncoder("deep", base, skipLast(layers + 1, width), LayerRouters.PLAIN)));
        assertTrue(refused.getMessage().contains("route " + (layers + 1) + " layers"), refused.getMessage());
    }

    /** Routers that execute every block but the last, whatever the pair: zero weights, fixed output biases. */
    private static LayerRouters skipLast(int layers, int width) {
        int h = 4;
        List<Router> routers = new java.util.ArrayList<>();
        for (int layer = 0; layer < layers; layer++) {
            float[] bias = new float[Router.CLASSES];
            bias[(layer == layers - 1 ? Decision.SKIP : Decision.EXECUTE).ordinal()] = 8;
            routers.add(new Router(width, h, new float[width * h], new float[h], new float[Router.CLASSES * h], bias));
        }
        return new LayerRouters(routers);
    }
}
